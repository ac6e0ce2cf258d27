import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { packBaseCorpus, unpackBaseCorpus, type BaseCorpus } from "../../src/engines/offline/model-file.js";
import { ROOT } from "../helpers/daemon.js";

/** A small slice of the shipped base corpus, so a retrain in a test takes seconds. */
export function smallCorpus(articles = 36, entriesEvery = 12): BaseCorpus {
  const full = unpackBaseCorpus(readFileSync(path.join(ROOT, "models", "base-corpus.jsonl.gz")));
  return { articles: full.articles.slice(0, articles), entries: full.entries.filter((_, i) => i % entriesEvery === 0) };
}

export async function writeSmallCorpus(home: string, corpus = smallCorpus()): Promise<string> {
  const file = path.join(home, "base-corpus.jsonl.gz");
  await fs.writeFile(file, packBaseCorpus(corpus));
  return "base-corpus.jsonl.gz";
}

let n = 0;
/** A data/corrections.jsonl line (review-desk format) that sets the category of a story. */
export function correctionLine(title: string, lead: string, to: string, from = "Strategy & Miscellaneous News -> Misc."): string {
  n += 1;
  const id = n.toString(16).padStart(8, "0") + "c".repeat(56);
  return JSON.stringify({
    at: new Date(Date.UTC(2025, 10, 1, 0, n)).toISOString(),
    id,
    url: `https://example.com/story-${n}`,
    source: "Variety",
    origin: "desk",
    accepted: true,
    text: { title, lead },
    changes: { category: { from, to } },
  });
}

export async function readHistory(home: string): Promise<Array<Record<string, unknown>>> {
  const text = await fs.readFile(path.join(home, "data", "models", "history.jsonl"), "utf8").catch(() => "");
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
