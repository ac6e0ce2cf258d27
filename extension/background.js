// Service worker: the "Send to news-coverage" context-menu item. A click opens the popup page in a
// small window with the tab (and the link, if one was right-clicked), so the send and its outcome
// go through the same code as the toolbar button. The click grants activeTab for that tab.

const MENU_ID = "send-to-news-coverage";

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.create({ id: MENU_ID, title: "Send to news-coverage", contexts: ["page", "link"] });
});

export async function handleMenuClick(info, tab) {
  if (info.menuItemId !== MENU_ID) return null;
  const params = new URLSearchParams();
  if (tab?.id !== undefined && tab.id >= 0) params.set("tab", String(tab.id));
  if (info.linkUrl) params.set("link", info.linkUrl);
  return chrome.windows.create({ url: `popup.html?${params}`, type: "popup", width: 440, height: 420 });
}

chrome.contextMenus.onClicked.addListener((info, tab) => void handleMenuClick(info, tab));

// Reachable from the test harness's serviceWorker.evaluate (a real right-click cannot be scripted).
globalThis.handleMenuClick = handleMenuClick;
