// Options: server URL and token, saved to chrome.storage.local, and "Test connection".
import { normaliseServerUrl, originPattern, testConnection } from "./lib/api.js";
import { loadSettings, saveSettings } from "./lib/settings.js";

const $ = (id) => document.getElementById(id);
const LOOPBACK = new Set(["127.0.0.1", "localhost"]);

function say(text, ok) {
  $("message").textContent = text;
  $("message").dataset.ok = String(ok);
}

/** The form's values, or null after saying which field is wrong. */
function readForm() {
  const serverUrl = normaliseServerUrl($("serverUrl").value);
  if (!serverUrl) {
    say('Server URL must be an http(s) address such as "http://127.0.0.1:8765".', false);
    return null;
  }
  return { serverUrl, token: $("token").value.trim() };
}

/**
 * Asks for host access to a loopback server (optional: the server's CORS already admits the
 * extension, host access just stops the extension depending on it). Must start inside the click.
 */
function requestHostAccess(serverUrl) {
  if (!LOOPBACK.has(new URL(serverUrl).hostname) || !chrome.permissions?.request) return Promise.resolve(null);
  return chrome.permissions.request({ origins: [originPattern(serverUrl)] }).catch(() => null);
}

$("form").addEventListener("submit", (event) => {
  event.preventDefault();
  const settings = readForm();
  if (!settings) return;
  const access = requestHostAccess(settings.serverUrl);
  void saveSettings(settings).then(async () => {
    $("serverUrl").value = settings.serverUrl;
    say(settings.token ? "Saved." : "Saved. No token yet: paste the one from data/state/api-token.", Boolean(settings.token));
    const granted = await access;
    if (granted === false) say("Saved. Host access was declined; sending still works while the server allows the extension (CORS).", true);
  });
});

$("test").addEventListener("click", async () => {
  const settings = readForm();
  if (!settings) return;
  say("Testing…", true);
  const result = await testConnection(settings);
  say(result.message, result.ok);
});

void loadSettings().then((settings) => {
  $("serverUrl").value = settings.serverUrl;
  $("token").value = settings.token;
  document.documentElement.dataset.ready = "true";
});
