// Every input format the inbox takes, in the order the unsupported-name reason lists them.
// A new format is one module beside these and one line here (docs/intake.md).
import type { InputFormat } from "../../core/format.js";
import { jsonFormat } from "./json.js";
import { linksFormat } from "./links.js";
import { pageFormat } from "./page.js";

export const INPUT_FORMATS: readonly InputFormat[] = [jsonFormat, pageFormat, linksFormat];
