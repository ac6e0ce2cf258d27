// Saved pages and link files -> raw article objects (validated afterwards like any JSON article).
import type { IntakeItem, IntakeSettings, ReadLimits } from "../core/format.js";
import { AppError, errorMessage } from "../core/errors.js";
import { decodeHtml } from "./decode-html.js";
import type { PageBase, PageExtraction } from "./extract-page.js";
import { fetchPage, type FetchedPage, type FetchOptions } from "./fetch-page.js";
import { parseLinkFile } from "./link-file.js";
import { readInputBytes } from "./read-input.js";

const FETCH_OFF_REASON = "fetching links is turned off (intake.fetch is false): save the web page itself (.html) into the inbox, or set intake.fetch to true";

export function fetchOptions(intake: IntakeSettings): FetchOptions {
  return { timeoutMs: intake.fetchTimeoutMs, maxBytes: intake.maxPageBytes, allowPrivateHosts: intake.allowPrivateHosts };
}

type PageExtractor = typeof import("./extract-page.js");
let extractor: PageExtractor | undefined;

/**
 * Readability and linkedom are loaded with the first page a thread reads, not by every thread
 * that imports intake: the daemon's threads that only ever see JSON stay ~25 MB lighter.
 */
async function pageExtractor(): Promise<PageExtractor> {
  extractor ??= await import("./extract-page.js");
  return extractor;
}

/** Extraction is deterministic: an exception from the DOM library or Readability is final for that page. */
function extractSafely(pages: PageExtractor, html: string, base?: PageBase): PageExtraction {
  try {
    return pages.extractPage(html, base);
  } catch (err) {
    return { ok: false, reason: `the page could not be read: ${errorMessage(err)}` };
  }
}

/** A saved page: one article, or an `input_invalid` error with the reason (no address, not an article). */
export async function readSavedPage(file: string, options: ReadLimits): Promise<IntakeItem[]> {
  const { bytes } = readInputBytes(file, options);
  const pages = await pageExtractor();
  const extracted = extractSafely(pages, decodeHtml(bytes));
  if (!extracted.ok) throw new AppError("input_invalid", extracted.reason);
  return [{ value: extracted.article }];
}

/** The links of a link file; a file with none (or too many) fails whole. */
export function readLinks(file: string, name: string, intake: IntakeSettings, options: ReadLimits): { links: string[]; refused: IntakeItem[] } {
  const { bytes } = readInputBytes(file, options);
  const parsed = parseLinkFile(name, bytes, intake.maxLinksPerFile);
  if (!parsed.ok) throw new AppError("input_invalid", parsed.reason);
  if (!intake.fetch) throw new AppError("input_invalid", FETCH_OFF_REASON);
  return { links: parsed.links, refused: parsed.refused.map((r) => ({ link: r.link, failure: r.reason })) };
}

async function pageItem(page: FetchedPage): Promise<IntakeItem> {
  if (!page.ok) return { link: page.url, failure: page.reason };
  const extracted = extractSafely(await pageExtractor(), page.html, { fetchedUrl: page.finalUrl });
  return extracted.ok ? { value: extracted.article, link: page.url } : { link: page.url, failure: extracted.reason };
}

/**
 * A link file: each link fetched (unless `fetched` already holds its page: the daemon fetches on
 * its main thread before handing the file to a worker) and extracted; one item per link, in order.
 */
export async function readLinkFile(
  file: string,
  name: string,
  intake: IntakeSettings,
  options: ReadLimits,
  fetched: readonly FetchedPage[] = [],
): Promise<IntakeItem[]> {
  const { links, refused } = readLinks(file, name, intake, options);
  const byUrl = new Map(fetched.map((p) => [p.url, p]));
  const items: IntakeItem[] = [...refused];
  for (const link of links) items.push(await pageItem(byUrl.get(link) ?? (await fetchPage(link, fetchOptions(intake)))));
  return items;
}
