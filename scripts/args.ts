// Tiny shared command-line reader for the scripts: `--name value` options and `--flag` switches.
export const args = process.argv.slice(2);

export function arg(name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}
