import { closeSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DedupeIndex, scanIds } from "../../src/store/dedupe.js";
import { IdTable } from "../../src/store/id-table.js";

const sha = (s: string) => createHash("sha256").update(s).digest("hex");
const dir = mkdtempSync(path.join(os.tmpdir(), "nc-dedupe-"));

describe("IdTable", () => {
  it("holds many sha256 ids and other strings, and nothing else", () => {
    const table = new IdTable();
    const ids = Array.from({ length: 20_000 }, (_, i) => sha(`u${i}`));
    for (const id of ids) table.add(id);
    for (const id of ids.slice(0, 100)) table.add(id); // twice: counted once
    table.add("not-a-hash");
    table.add(sha("upper").toUpperCase());
    expect(table.size).toBe(20_002);
    expect(ids.every((id) => table.has(id))).toBe(true);
    expect(table.has(sha("u20000"))).toBe(false);
    expect(table.has("not-a-hash")).toBe(true);
    expect(table.has(sha("upper"))).toBe(false);
    expect(table.has(sha("upper").toUpperCase())).toBe(true);
  });
});

describe("DedupeIndex load", () => {
  it("reads ids of store lines without parsing them, parses odd lines, skips bad and torn ones", () => {
    const file = path.join(dir, "q.jsonl");
    const long = "x".repeat(3 << 20); // a line longer than the 1 MB read chunk
    const lines = [
      JSON.stringify({ id: sha("a"), title: "A" }),
      JSON.stringify({ title: "id not first", id: sha("b") }),
      JSON.stringify({ id: sha("c"), content: long }),
      "not json at all",
      "",
      JSON.stringify({ id: "custom-id" }),
      `{"id":"${sha("d")}", "broken": `, // a complete line that does not parse: skipped
    ];
    writeFileSync(file, `${lines.join("\n")}\n${JSON.stringify({ id: sha("torn") }).slice(0, 30)}`);
    const index = new DedupeIndex();
    index.refresh(file);
    for (const id of [sha("a"), sha("b"), sha("c"), "custom-id"]) expect(index.has(id), id).toBe(true);
    expect(index.has(sha("d"))).toBe(false);
    expect(index.has(sha("torn"))).toBe(false);
    expect(index.size).toBe(4);
  });

  it("scanIds stops after the last newline", () => {
    const file = path.join(dir, "t.jsonl");
    const text = `${JSON.stringify({ id: sha("1") })}\n${JSON.stringify({ id: sha("2") })}`;
    writeFileSync(file, text);
    const fd = openSync(file, "r");
    const table = new IdTable();
    expect(scanIds(fd, 0, Buffer.byteLength(text), table)).toBe(text.indexOf("\n") + 1);
    closeSync(fd);
    expect(table.size).toBe(1);
  });
});
