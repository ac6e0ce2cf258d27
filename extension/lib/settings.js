// Server URL and token, kept in chrome.storage.local (never synced: the token is a secret).
import { DEFAULT_SERVER_URL, normaliseServerUrl } from "./api.js";

export async function loadSettings() {
  const stored = await chrome.storage.local.get({ serverUrl: DEFAULT_SERVER_URL, token: "" });
  return { serverUrl: normaliseServerUrl(stored.serverUrl) ?? DEFAULT_SERVER_URL, token: String(stored.token ?? "").trim() };
}

export async function saveSettings({ serverUrl, token }) {
  await chrome.storage.local.set({ serverUrl, token });
}
