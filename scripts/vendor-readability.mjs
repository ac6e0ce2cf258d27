// Copies Mozilla Readability from node_modules into extension/vendor/ (the extension runs no remote
// code and has no bundler). The copy is committed; tests/extension/vendor.test.ts checks it is current.
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const from = path.join(root, "node_modules", "@mozilla", "readability");
const to = path.join(root, "extension", "vendor");
mkdirSync(to, { recursive: true });
copyFileSync(path.join(from, "Readability.js"), path.join(to, "Readability.js"));
copyFileSync(path.join(from, "LICENSE.md"), path.join(to, "Readability-LICENSE.md"));
const { version } = JSON.parse(readFileSync(path.join(from, "package.json"), "utf8"));
process.stdout.write(`extension/vendor: @mozilla/readability ${version}\n`);
