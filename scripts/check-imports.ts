// The import rules of src/ (docs/architecture.md), checked on every `npm run lint`:
// - no two rooms (top-level folders of src/, and each file directly in src/) import each other,
//   directly or around a longer circle; type-only imports and import() count;
// - src/core/ imports nothing else in src/;
// - src/core/ and src/pipeline/ import no I/O (file system, network, processes, threads, logging).
// Prints each violation as `from -> to (file:line)` and exits 1 when there is any.
// `--rooms` prints each room and the rooms it imports instead.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

/** Rooms whose code must stay pure: no I/O modules. */
const PURE_ROOMS = new Set(["core", "pipeline"]);
/** Rooms that import nothing else in src/. */
const SELF_CONTAINED_ROOMS = new Set(["core"]);
const IO_MODULES = new Set([
  "fs",
  "fs/promises",
  "child_process",
  "net",
  "http",
  "https",
  "http2",
  "dgram",
  "dns",
  "dns/promises",
  "tls",
  "worker_threads",
  "cluster",
  "readline",
  "proper-lockfile",
  "chokidar",
  "piscina",
  "fastify",
  "openai",
  "winston",
  "pm2",
  "node-cron",
  "docx",
]);
/** Package scopes that are I/O as a whole. */
const IO_SCOPES = ["@fastify/"];

export interface ImportSite {
  /** The importing file, relative to the checked folder's parent (e.g. "src/daemon/daemon.ts"). */
  file: string;
  /** The importing file relative to the checked folder ("daemon/daemon.ts"). */
  source: string;
  line: number;
  /** As written: "../store/locks.js", "node:fs". */
  specifier: string;
  /** The imported file relative to the checked folder ("store/locks.ts"), or null for a package. */
  target: string | null;
}

export interface Violation {
  rule: "cycle" | "core-imports-src" | "pure-imports-io";
  from: string;
  to: string;
  site: ImportSite;
}

function isIoModule(specifier: string): boolean {
  const bare = specifier.replace(/^node:/, "");
  return IO_MODULES.has(bare) || IO_SCOPES.some((scope) => specifier.startsWith(scope));
}

/** The room of a file relative to src/: its top-level folder, or the file itself ("log" for log.ts). */
export function roomOf(relativeFile: string): string {
  const parts = relativeFile.split("/");
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.[cm]?tsx?$/, "");
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listSources(full));
    else if (/\.[cm]?tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

/** Every module specifier of a file: imports, re-exports, import() calls and import("x").T types. */
function specifiersOf(file: string, text: string): Array<{ specifier: string; line: number }> {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Array<{ specifier: string; line: number }> = [];
  const add = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node)) {
      found.push({ specifier: node.text, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) add(node.arguments[0]);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Every import of every source file under `srcDir`, relative targets resolved. */
export function collectImports(srcDir: string): ImportSite[] {
  const root = path.resolve(srcDir);
  const shownFrom = path.dirname(root);
  const sites: ImportSite[] = [];
  for (const file of listSources(root)) {
    const source = path.relative(root, file).split(path.sep).join("/");
    for (const { specifier, line } of specifiersOf(file, readFileSync(file, "utf8"))) {
      let target: string | null = null;
      if (specifier.startsWith(".")) {
        const resolved = path.resolve(path.dirname(file), specifier).replace(/\.([cm]?)js$/, ".$1ts");
        const relative = path.relative(root, resolved);
        // An import leaving src/ (package.json, a script) is no room of src/.
        if (relative.startsWith("..") || path.isAbsolute(relative)) continue;
        target = relative.split(path.sep).join("/");
      }
      sites.push({ file: path.relative(shownFrom, file).split(path.sep).join("/"), source, line, specifier, target });
    }
  }
  return sites;
}

/** Groups of rooms tied in a circle (Tarjan's strongly connected components of more than one room). */
function circles(edges: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const groups: string[][] = [];
  let counter = 0;
  const connect = (room: string) => {
    index.set(room, counter);
    low.set(room, counter);
    counter += 1;
    stack.push(room);
    onStack.add(room);
    for (const next of edges.get(room) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(room, Math.min(low.get(room)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(room, Math.min(low.get(room)!, index.get(next)!));
      }
    }
    if (low.get(room) === index.get(room)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== room);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const room of [...edges.keys()].sort()) if (!index.has(room)) connect(room);
  return groups;
}

export function checkImports(srcDir: string): Violation[] {
  const violations: Violation[] = [];
  const crossings: Array<{ from: string; to: string; site: ImportSite }> = [];
  for (const site of collectImports(srcDir)) {
    const from = roomOf(site.source);
    if (site.target === null) {
      if (PURE_ROOMS.has(from) && isIoModule(site.specifier)) violations.push({ rule: "pure-imports-io", from, to: site.specifier, site });
      continue;
    }
    const to = roomOf(site.target);
    if (to === from) continue;
    crossings.push({ from, to, site });
    if (SELF_CONTAINED_ROOMS.has(from)) violations.push({ rule: "core-imports-src", from, to, site });
  }
  const edges = new Map<string, Set<string>>();
  for (const { from, to } of crossings) edges.set(from, (edges.get(from) ?? new Set()).add(to));
  const roomCircle = new Map<string, number>();
  circles(edges).forEach((group, n) => group.forEach((room) => roomCircle.set(room, n)));
  for (const crossing of crossings) {
    const circle = roomCircle.get(crossing.from);
    if (circle !== undefined && circle === roomCircle.get(crossing.to)) violations.push({ rule: "cycle", ...crossing });
  }
  return violations;
}

const RULE_TITLES: Record<Violation["rule"], string> = {
  cycle: "rooms of src/ that import each other (directly or around a circle)",
  "core-imports-src": "src/core imports another room of src/",
  "pure-imports-io": "pure code (src/core, src/pipeline) imports I/O",
};

/** Each room and the rooms it imports, one line per room, for docs/architecture.md (`--rooms`). */
export function roomArrows(srcDir: string): string {
  const edges = new Map<string, Set<string>>();
  for (const site of collectImports(srcDir)) {
    const from = roomOf(site.source);
    if (!edges.has(from)) edges.set(from, new Set());
    if (site.target === null || roomOf(site.target) === from) continue;
    edges.get(from)!.add(roomOf(site.target));
  }
  return [...edges.keys()]
    .sort()
    .map((room) => `${room} -> ${[...edges.get(room)!].sort().join(", ") || "(nothing in src/)"}`)
    .join("\n");
}

export function formatViolations(violations: readonly Violation[]): string {
  const lines: string[] = [];
  for (const rule of Object.keys(RULE_TITLES) as Array<Violation["rule"]>) {
    const ofRule = violations.filter((v) => v.rule === rule);
    if (ofRule.length === 0) continue;
    lines.push(`${RULE_TITLES[rule]}:`);
    for (const v of ofRule) lines.push(`  ${v.from} -> ${v.to} (${v.site.file}:${v.site.line})`);
  }
  return lines.join("\n");
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const srcDir = args.find((arg) => !arg.startsWith("--")) ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "src");
  if (args.includes("--rooms")) {
    process.stdout.write(`${roomArrows(srcDir)}\n`);
    process.exit(0);
  }
  const violations = checkImports(srcDir);
  if (violations.length > 0) {
    process.stderr.write(`${formatViolations(violations)}\n`);
    process.exit(1);
  }
  process.stdout.write("imports: no folder cycles; core and pipeline stay pure\n");
}
