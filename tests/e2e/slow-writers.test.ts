import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { finishedInputs, makeArticle, makeHome, startDaemon, waitFor, killRunning, type RunningDaemon } from "../helpers/daemon.js";

const run = promisify(execFile);
const running: RunningDaemon[] = [];

afterEach(() => killRunning(running));

describe("writers that create the file first and fill it later", () => {
  it("waits for an empty or partial file, whatever the writer, and judges it only once written (issue 9.5)", async () => {
    const { parent, home } = await makeHome();
    const daemon = await startDaemon(home);
    running.push(daemon);
    const inbox = path.join(home, "inbox");
    const good = path.join(parent, "good.json");
    await fs.writeFile(good, JSON.stringify(makeArticle(1)));
    const old = path.join(parent, "old.json");
    await fs.writeFile(old, JSON.stringify(makeArticle(2)));
    await fs.utimes(old, new Date("2020-01-01"), new Date("2020-01-01"));
    const half = JSON.stringify(makeArticle(3));
    const writers = [
      // The shell creates x.json empty; cat writes 3 s later (longer than stability and youngFileMs).
      run("sh", ["-c", `(sleep 3; cat "${good}") > "${inbox}/late.json"`]),
      // A plain redirect of a command that starts slowly, then writes in two parts with a pause
      // longer than the stability window (150 ms here) but shorter than input.youngFileMs.
      run("sh", ["-c", `(sleep 1; printf '%s' '${half.slice(0, 40)}'; sleep 0.5; printf '%s' '${half.slice(40)}') > "${inbox}/steps.json"`]),
      // cp -p sets an old mtime and the mode after writing.
      run("cp", ["-p", old, path.join(inbox, "copied.json")]),
    ];
    const results = await Promise.allSettled(writers);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "fulfilled"]);
    const { done, failed } = await waitFor(async () => {
      const f = await finishedInputs(home);
      return f.done.length + f.failed.length >= 3 ? f : false;
    }, "the three inputs to finish");
    expect(failed).toEqual([]);
    expect(done.sort()).toEqual(["copied.json", "late.json", "steps.json"]);
  });
});
