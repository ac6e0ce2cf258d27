/**
 * Writes docs/record.schema.json from the zod `RecordSchema` (the one definition of a stored
 * record), so the documentation cannot drift from the code:
 *
 *   npx tsx scripts/gen-record-schema.ts          # write docs/record.schema.json
 *   npx tsx scripts/gen-record-schema.ts --check  # exit 1 when the committed file is stale
 *
 * tests/pipeline/record-schema.test.ts fails when the committed file differs from this output.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";
import { RecordSchema, SCHEMA_VERSION } from "../src/core/record.js";

export const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "docs", "record.schema.json");

/** The JSON Schema text of a stored record, with a trailing newline. */
export function recordJsonSchema(): string {
  const schema = z.toJSONSchema(RecordSchema, { target: "draft-2020-12", io: "output" });
  const doc = {
    $schema: schema.$schema,
    title: `news-coverage stored record (schema_version ${SCHEMA_VERSION})`,
    $comment: "Generated from src/core/record.ts by scripts/gen-record-schema.ts; do not edit by hand.",
    ...schema,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function main(): void {
  const text = recordJsonSchema();
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(SCHEMA_FILE, "utf8");
    } catch {
      // missing counts as stale
    }
    if (current !== text) {
      console.error(`${path.relative(process.cwd(), SCHEMA_FILE)} is stale: run npx tsx scripts/gen-record-schema.ts`);
      process.exit(1);
    }
    console.log(`${path.relative(process.cwd(), SCHEMA_FILE)} is up to date`);
    return;
  }
  writeFileSync(SCHEMA_FILE, text);
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
