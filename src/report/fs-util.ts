import path from "node:path";

export { writeFileAtomic } from "../store/fsutil.js";

/** A name safe to use as one path segment: no separators, no dot-names, no control characters. */
export function safeName(name: string): string {
  const safe = name
    .normalize("NFKC")
    .replace(/[^\p{L}\p{N} _&-]+/gu, "_")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[_ .-]+/, "")
    .replace(/[_ .-]+$/, "");
  return safe.slice(0, 100) || "Unknown";
}

/** Resolves `segments` under `root` and refuses anything that would land outside it. */
export function pathInside(root: string, ...segments: string[]): string {
  const base = path.resolve(root);
  const target = path.resolve(base, ...segments);
  const rel = path.relative(base, target);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new Error(`refusing to write outside ${base}: ${target}`);
  }
  return target;
}
