import { readFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";

// Every installed package must accept the oldest Node the project supports (package.json
// `engines.node`), or `npm install` warns EBADENGINE on it (issue 25 item 16: cookie@2 and
// nanoid@6 wanted Node 22; package.json `overrides` pins versions that accept Node 20).

const ROOT = path.resolve(import.meta.dirname, "..", "..");

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(ROOT, file), "utf8")) as T;
}

/** The packages of a lockfile whose `engines.node` does not accept `node` ("name@version wants range"). */
function refusingPackages(lock: { packages: Record<string, LockEntry> }, node: string): string[] {
  const refused: string[] = [];
  for (const [where, entry] of Object.entries(lock.packages)) {
    const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
    if (where === "" || range === undefined) continue;
    if (!semver.satisfies(node, range, { includePrerelease: true }))
      refused.push(`${where.replace(/^.*node_modules\//, "")}@${entry.version} wants node ${range}`);
  }
  return refused;
}

describe("the lockfile's engines", () => {
  const ours = readJson<{ engines: { node: string } }>("package.json").engines.node;
  const oldest = semver.minVersion(ours)!.version;

  it("names an oldest supported Node of 20.19", () => {
    expect(oldest).toBe("20.19.0");
  });

  it("holds no package that refuses the oldest supported Node", () => {
    expect(refusingPackages(readJson("package-lock.json"), oldest)).toEqual([]);
  });

  it("sees a package that wants a newer Node", () => {
    const lock = {
      packages: { "": {}, "node_modules/cookie": { version: "2.0.2", engines: { node: ">=22" } }, "node_modules/a": { engines: { node: "^18 || >=20" } } },
    };
    expect(refusingPackages(lock, oldest)).toEqual(["cookie@2.0.2 wants node >=22"]);
  });
});
