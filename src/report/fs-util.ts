import path from "node:path";

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
