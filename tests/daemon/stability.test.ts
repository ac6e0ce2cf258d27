import { mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { claimDecision } from "../../src/daemon/stability.js";

const WINDOW = 300;
const dir = mkdtempSync(path.join(tmpdir(), "nc-stability-"));

/** A file whose mtime is `ageMs` before `now`. */
function file(name: string, content: string, now: number, ageMs: number): string {
  const full = path.join(dir, name);
  writeFileSync(full, content);
  const t = (now - ageMs) / 1000;
  utimesSync(full, t, t);
  return full;
}

describe("claimDecision", () => {
  const now = Date.now();

  it("takes a young file that already ends like a JSON document (what an atomic rename brings in)", () => {
    expect(claimDecision(file("whole.json", '{"title": "x"}\n  ', now, 5), WINDOW, undefined, now)).toEqual({ take: true });
    expect(claimDecision(file("array.json", "[{}]", now, 5), WINDOW, undefined, now)).toEqual({ take: true });
  });

  it("puts off a young file that ends mid-document until its mtime is a window old", () => {
    const half = file("half.json", '{"title": "x",', now, 100);
    const decision = claimDecision(half, WINDOW, undefined, now);
    expect(decision).toMatchObject({ take: false, recheckInMs: 200, sighting: { size: 14 } });
    expect(claimDecision(half, WINDOW, undefined, now + 200)).toEqual({ take: true });
  });

  it("puts off an empty young file", () => {
    expect(claimDecision(file("empty.json", "", now, 0), WINDOW, undefined, now)).toMatchObject({ take: false });
  });

  it("keeps an empty file in the inbox until it stayed empty for emptyMs, not just one window", () => {
    const empty = file("late-writer.json", "", now, 1000);
    expect(claimDecision(empty, WINDOW, undefined, now, 5000)).toMatchObject({ take: false, recheckInMs: 4000 });
    expect(claimDecision(empty, WINDOW, undefined, now + 4000, 5000)).toEqual({ take: true });
    // Once the writer wrote its article the usual rules apply again.
    writeFileSync(empty, '{"title": "x"}');
    expect(claimDecision(empty, WINDOW, undefined, Date.now(), 5000)).toEqual({ take: true });
  });

  it("takes an old file whatever it holds (a parse error then fails it)", () => {
    expect(claimDecision(file("old.json", '{"title":', now, WINDOW), WINDOW, undefined, now)).toEqual({ take: true });
  });

  it("with an mtime in the future (a clock ahead of ours), takes it once size and mtime stayed the same for a window", () => {
    const ahead = file("ahead.json", '{"a":', now, -60_000);
    const first = claimDecision(ahead, WINDOW, undefined, now);
    expect(first).toMatchObject({ take: false, recheckInMs: WINDOW });
    if (first.take) throw new Error("unreachable");
    expect(claimDecision(ahead, WINDOW, first.sighting, now + 100)).toMatchObject({ take: false, recheckInMs: 200 });
    expect(claimDecision(ahead, WINDOW, first.sighting, now + WINDOW)).toEqual({ take: true });
    // It grew meanwhile: a new window starts.
    writeFileSync(ahead, '{"a": 1,');
    utimesSync(ahead, (now + 61_000) / 1000, (now + 61_000) / 1000);
    expect(claimDecision(ahead, WINDOW, first.sighting, now + WINDOW)).toMatchObject({ take: false, sighting: { atMs: now + WINDOW } });
  });

  it("takes links, folders, FIFOs and vanished names at once without opening them", () => {
    const target = file("target.json", "{", now, 0);
    symlinkSync(target, path.join(dir, "link.json"));
    mkdirSync(path.join(dir, "folder.json"));
    execFileSync("mkfifo", [path.join(dir, "fifo.json")]);
    for (const name of ["link.json", "folder.json", "fifo.json", "missing.json"]) {
      expect(claimDecision(path.join(dir, name), WINDOW, undefined, now), name).toEqual({ take: true });
    }
  });
});
