import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { recordJsonSchema, SCHEMA_FILE } from "../../scripts/gen-record-schema.js";
import { FactSchema, RecordSchema } from "../../src/core/record.js";
import { CATEGORIES } from "../../src/core/taxonomy.js";

interface JsonSchemaObject {
  type: string;
  properties: Record<string, { description?: string; items?: JsonSchemaObject; enum?: string[] } & Record<string, unknown>>;
  required: string[];
  additionalProperties: boolean;
}

describe("docs/record.schema.json", () => {
  it("is exactly what scripts/gen-record-schema.ts produces (run it after changing RecordSchema)", () => {
    expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(recordJsonSchema());
  });

  const schema = JSON.parse(recordJsonSchema()) as JsonSchemaObject & { $schema: string };

  it("is a draft 2020-12 object schema that allows no other fields", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.type).toBe("object");
    expect(schema.additionalProperties).toBe(false);
  });

  it("lists every record field, all required but the ones added after the first release", () => {
    const fields = Object.keys(RecordSchema.shape);
    const addedLater = ["lead", "excluded", "highlight", "deleted", "reviewed", "story_id", "story_reason", "stored_at"];
    expect(Object.keys(schema.properties)).toEqual(fields);
    expect([...schema.required].sort()).toEqual(fields.filter((f) => !addedLater.includes(f)).sort());
  });

  it.each(Object.keys(RecordSchema.shape).filter((f) => f !== "usage"))("field %s is described", (field) => {
    expect(schema.properties[field]!.description, field).toBeTruthy();
  });

  it("facts carry every fact field and the full category list", () => {
    const fact = schema.properties.facts!.items!;
    expect(Object.keys(fact.properties)).toEqual(Object.keys(FactSchema.shape));
    expect(fact.properties.category!.enum).toEqual([...CATEGORIES]);
  });

  it("docs/record.md has a line for every record and fact field, and links the JSON Schema", () => {
    const doc = readFileSync(new URL("../../docs/record.md", import.meta.url), "utf8");
    const rows = new Set([...doc.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]));
    const expected = [...Object.keys(RecordSchema.shape), ...Object.keys(FactSchema.shape).map((f) => `facts[].${f}`)];
    expect([...rows].sort()).toEqual(expected.sort());
    expect(doc).toContain("(record.schema.json)");
  });
});
