// The toolbar popup (and the context-menu window): extracts the tab's article with Readability, or
// takes the right-clicked link, sends it, and shows the outcome. Query parameters: `tab` (a tab id,
// when opened from the context menu or a test) and `link` (a URL to send as { url }).
import { sendToServer } from "./lib/api.js";
import { articleFromPage, extractPage } from "./lib/extract.js";
import { loadSettings } from "./lib/settings.js";

const $ = (id) => document.getElementById(id);

function element(tag, text) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text; // article text is never parsed as HTML
  return el;
}

function show(outcome, subject) {
  $("result").dataset.state = outcome.kind;
  $("headline").textContent = outcome.headline;
  $("subject").textContent = subject ?? "";
  for (const record of outcome.records ?? []) {
    const box = element("section");
    box.className = "record";
    const dl = element("dl");
    const row = (term, value) => {
      dl.append(element("dt", term), element("dd", value));
    };
    row("Buyer", record.company ?? "Unknown");
    if (record.buyers.length > 1) row("Also", record.buyers.filter((b) => b !== record.company).join(", "));
    row("Quarter", record.quarter ?? "");
    row("Category", record.category ?? "");
    box.append(dl);
    for (const line of record.lines) box.append(element("blockquote", line));
    $("records").append(box);
  }
  for (const detail of outcome.details ?? []) $("details").append(element("li", detail));
  document.documentElement.dataset.done = "true";
}

async function targetTabId(params) {
  if (params.has("tab")) return Number(params.get("tab"));
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

async function pagePayload(tabId) {
  const target = { tabId };
  await chrome.scripting.executeScript({ target, files: ["vendor/Readability.js"] });
  const [injection] = await chrome.scripting.executeScript({ target, func: extractPage });
  return articleFromPage(injection?.result);
}

async function run() {
  const params = new URLSearchParams(location.search);
  const settings = await loadSettings();
  const link = params.get("link");
  if (link) {
    show(await sendToServer(settings, { url: link }), link);
    return;
  }
  const tabId = await targetTabId(params);
  if (tabId === undefined || Number.isNaN(tabId)) {
    show({ kind: "error", headline: "No tab to send", details: ["Open the article in a tab and click the button again."] });
    return;
  }
  let payload;
  try {
    payload = await pagePayload(tabId);
  } catch (error) {
    show({
      kind: "error",
      headline: "Cannot read this page",
      details: [
        `${error?.message ?? error}. Browser pages (chrome://, the web store) cannot be read; reload the tab if it was open before the extension was installed.`,
      ],
    });
    return;
  }
  if (payload.error) {
    show({ kind: "failed", headline: "Nothing to send", details: [payload.error] });
    return;
  }
  $("subject").textContent = payload.article.title;
  show(await sendToServer(settings, payload.article), payload.article.title);
}

void run();
