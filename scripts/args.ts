// Tiny shared command-line reader for the scripts: `--name value` options and `--flag` switches.
export const args = process.argv.slice(2);

export function arg(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

/** `--name=value` (or `--name` alone: "true"), else `fallback`: the benchmarks' option style. */
export function option(name: string, fallback: string): string {
  const hit = args.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (!hit) return fallback;
  return hit.includes("=") ? hit.slice(hit.indexOf("=") + 1) : "true";
}
