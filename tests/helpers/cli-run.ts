import { Command } from "commander";
import { vi } from "vitest";

/** Runs CLI commands in this process with NEWS_COVERAGE_HOME set to `home`; returns what they wrote to stdout. */
export async function runCommands(home: string, register: ReadonlyArray<(program: Command) => void>, args: string[]): Promise<string> {
  const previous = process.env.NEWS_COVERAGE_HOME;
  process.env.NEWS_COVERAGE_HOME = home;
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    const program = new Command();
    program.exitOverride();
    for (const add of register) add(program);
    await program.parseAsync(["node", "news-coverage", ...args]);
  } finally {
    spy.mockRestore();
    if (previous === undefined) delete process.env.NEWS_COVERAGE_HOME;
    else process.env.NEWS_COVERAGE_HOME = previous;
  }
  return out;
}
