import type { IndexProgress, SearchIndex } from "../../store/search-index.js";
import type { ArticleText } from "./record-parts.js";

/** What the desk says while the article texts are still being indexed (nothing once they all are). */
export function searchNote(progress: IndexProgress): string {
  if (!progress.building) return "";
  const n = progress.indexed.toLocaleString("en-US");
  const m = Math.max(progress.total, progress.indexed).toLocaleString("en-US");
  return `The article texts are being indexed: ${n} of ${m} so far. Matches in titles and lines are all here; matches deep in article texts cover the indexed ones. Search again in a moment for the rest.`;
}

/** The article's whole text for its page, or why there is none. */
export async function textOf(index: SearchIndex, id: string): Promise<ArticleText> {
  await index.fresh();
  const text = await index.text(id);
  if (text !== null) return text;
  const progress = index.progress();
  if (progress.building) return { absent: `${searchNote(progress)} This article's full text shows here once it is indexed.` };
  return {
    absent:
      "The full text of this article was not kept: it was stored before the desk kept article texts. Its title and lines are searchable; `news-coverage archive backfill` fills the text in from the original file in inbox/done/ if it is still there.",
  };
}
