// Article JSON (spec §4): one article object, or an array of them.
import type { InputFormat } from "../../core/format.js";
import { readInputJson, splitArticles } from "../read-input.js";

export const jsonFormat: InputFormat = {
  id: "json",
  extensions: [".json"],
  description: "article",
  unit: "article",
  async read(file, { limits }) {
    return splitArticles(await readInputJson(file.path, limits)).map((value) => ({ value }));
  },
};
