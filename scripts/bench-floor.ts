// The floor the daemon is measured against: the least work any design must do per input file
// with the product's durability rule (spec §6: each stored line is one write, then fsync). It
// reads each file, appends one line per file to a JSONL under one lock held for the whole run
// (one write + fsync per line) and renames the file into done/. No parsing, no pipeline: an upper
// bound on what one thread can do durably with these files on this disk. `--no-fsync` drops the
// per-line fsync (one at the end) to show what the disk's flushes cost.
//
//   tsx scripts/bench-floor.ts <inbox-dir> <done-dir> <out.jsonl>
//
// Prints one JSON object: { files, ms, perSecond }.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, writeSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import lockfile from "proper-lockfile";

export interface FloorResult {
  files: number;
  ms: number;
  perSecond: number;
}

export async function runFloor(inbox: string, done: string, jsonl: string, durable = true): Promise<FloorResult> {
  mkdirSync(done, { recursive: true });
  mkdirSync(path.dirname(jsonl), { recursive: true });
  const started = performance.now();
  const release = await lockfile.lock(jsonl, { realpath: false, stale: 10_000 });
  let files = 0;
  const fd = openSync(jsonl, "a");
  try {
    for (const name of readdirSync(inbox)) {
      if (!name.endsWith(".json")) continue;
      const from = path.join(inbox, name);
      const bytes = readFileSync(from);
      writeSync(fd, `${JSON.stringify({ file: name, bytes: bytes.length })}\n`);
      if (durable) fsyncSync(fd);
      renameSync(from, path.join(done, name));
      files += 1;
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
    await release();
  }
  const dirFd = openSync(done, "r");
  fsyncSync(dirFd);
  closeSync(dirFd);
  const ms = performance.now() - started;
  return { files, ms, perSecond: files / (ms / 1000) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2).filter((a) => a !== "--no-fsync");
  const [inbox, done, jsonl] = args;
  if (!inbox || !done || !jsonl) {
    process.stderr.write("usage: tsx scripts/bench-floor.ts <inbox-dir> <done-dir> <out.jsonl>\n");
    process.exit(2);
  }
  const result = await runFloor(inbox, done, jsonl, !process.argv.includes("--no-fsync"));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
