// A web page a browser saved ("HTML only", or "Webpage, Complete" with its "<name>_files" folder).
import path from "node:path";
import type { InputFormat } from "../../core/format.js";
import { readSavedPage } from "../read-intake.js";

export const pageFormat: InputFormat = {
  id: "page",
  extensions: [".html", ".htm"],
  description: "saved web page",
  helpName: "saved pages",
  unit: "article",
  read: (file, { limits }) => readSavedPage(file.path, limits),
  companionFolder: (fileName) => `${path.basename(fileName, path.extname(fileName))}_files`,
};
