import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configure, launchWithExtension, readPopup, serveFixtures, tabIdOf, testCopyOfExtension, type ExtensionBrowser } from "./browser.js";
import { startStubApi } from "./stub-api.js";

const TOKEN = "a".repeat(64);

describe("browser extension in Chromium (against a stub of the API)", () => {
  let api: Awaited<ReturnType<typeof startStubApi>>;
  let fixtures: Awaited<ReturnType<typeof serveFixtures>>;
  let copy: Awaited<ReturnType<typeof testCopyOfExtension>>;
  let browser: ExtensionBrowser;

  beforeAll(async () => {
    api = await startStubApi(TOKEN);
    fixtures = await serveFixtures();
    copy = await testCopyOfExtension();
    browser = await launchWithExtension(copy.dir);
  });

  afterAll(async () => {
    await browser?.close();
    await copy?.cleanup();
    await fixtures?.close();
    await api?.close();
  });

  it("options: a wrong token fails the connection test, the right one passes", async () => {
    const options = await configure(browser, api.url, "wrong");
    await options.click("#test");
    await options.waitForFunction(() => document.getElementById("message")?.dataset.ok === "false" && !document.getElementById("message")!.textContent!.startsWith("Testing"));
    expect(await options.textContent("#message")).toContain("Token rejected");

    await options.fill("#token", TOKEN);
    await options.click("#save");
    await options.click("#test");
    await options.waitForFunction(() => document.getElementById("message")?.textContent?.startsWith("Connected"));
    expect(await options.textContent("#message")).toContain("daemon running");
    await options.close();
  });

  it("popup: extracts the tab's article with Readability, sends it, shows buyer, quarter, category and line", async () => {
    const article = await browser.context.newPage();
    const pageUrl = `${fixtures.origin}/article.html`;
    await article.goto(pageUrl);
    const tabId = await tabIdOf(browser, pageUrl);

    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
    const view = await readPopup(popup);
    expect(view.state).toBe("stored");
    expect(view.text).toContain("Netflix");
    expect(view.text).toContain("2025 Q4");
    expect(view.text).toContain("Content -> Renewals");
    expect(view.text).toContain("(stub line)");

    const sent = api.received.at(-1) as { title: string; url: string; source: string; published_at: string; content: string };
    expect(sent.title).toBe("Netflix Renews ‘The Night Agent’ for Season 3");
    expect(sent.url).toBe("https://variety.com/2025/tv/news/netflix-renews-night-agent-season-3-1236100001/");
    expect(sent.source).toBe("Variety");
    expect(sent.published_at).toBe("2025-11-04T14:30:00+00:00");
    expect(sent.content.startsWith("Netflix has renewed “The Night Agent” for a third season")).toBe(true);
    expect(sent.content).toContain("\n\nThe political thriller");
    expect(sent.content).not.toContain("Advertisement");
    expect(sent.content).not.toContain("Related Stories");

    // The same page again: the server says duplicate and the popup says so.
    await popup.reload();
    const again = await readPopup(popup);
    expect(again.state).toBe("duplicate");
    expect(again.text).toContain("rec-1");
    await popup.close();
    await article.close();
  });

  it("popup: a page without an article is not sent, and says why", async () => {
    const before = api.received.length;
    const page = await browser.context.newPage();
    const pageUrl = `${fixtures.origin}/not-an-article.html`;
    await page.goto(pageUrl);
    const tabId = await tabIdOf(browser, pageUrl);
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
    const view = await readPopup(popup);
    expect(view.state).toBe("failed");
    expect(view.text).toContain("Readability found no article text");
    expect(api.received.length).toBe(before);
    await popup.close();
    await page.close();
  });

  it("context menu on a link: posts { url } and shows the failure reason in its window", async () => {
    const link = "https://deadline.com/2025/11/missing-story-1236000000/";
    const opened = browser.context.waitForEvent("page", { predicate: (p) => p.url().includes("popup.html?") });
    await browser.worker.evaluate(
      (url) => (globalThis as unknown as { handleMenuClick: (info: object, tab?: object) => Promise<unknown> }).handleMenuClick({ menuItemId: "send-to-news-coverage", linkUrl: url }, { id: -1 }),
      link,
    );
    const view = await readPopup(await opened);
    expect(api.received.at(-1)).toEqual({ url: link });
    expect(view.state).toBe("failed");
    expect(view.text).toContain("HTTP 404");
  });
});
