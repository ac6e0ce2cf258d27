import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { ensureDir, isErrno } from "../store/fsutil.js";
import { API_TOKEN_FILE } from "../store/layout.js";

const TOKEN_RE = /^[0-9a-f]{64}$/;

function tokenFile(stateDir: string): string {
  return path.join(stateDir, API_TOKEN_FILE);
}

interface TokenInfo {
  token: string;
  file: string;
  /** True when this call made the token (the only time it is printed in the log). */
  created: boolean;
}

async function readToken(file: string): Promise<string> {
  const text = (await fs.readFile(file, "utf8")).trim();
  if (!TOKEN_RE.test(text)) {
    throw new Error(`${file} does not hold an API token (64 hex characters); delete it and start again to make a new one`);
  }
  // Someone may have copied it with a wider mode: only the owner may read it.
  const stat = await fs.stat(file);
  if ((stat.mode & 0o077) !== 0) await fs.chmod(file, 0o600);
  return text;
}

/**
 * The API token in data/state/api-token: read it, or make one (32 random bytes, hex, mode 0600).
 * Written to a temp file first and linked into place, so two processes starting at once end up
 * with the same token and nobody ever reads a half-written one.
 */
export async function loadOrCreateTokenInfo(stateDir: string): Promise<TokenInfo> {
  const file = tokenFile(stateDir);
  try {
    return { token: await readToken(file), file, created: false };
  } catch (err) {
    if (!isErrno(err, "ENOENT")) throw err;
  }
  await ensureDir(stateDir);
  const token = randomBytes(32).toString("hex");
  const tmp = path.join(stateDir, `.${API_TOKEN_FILE}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await fs.open(tmp, "wx", 0o600);
  try {
    await handle.writeFile(`${token}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.link(tmp, file);
  } catch (err) {
    if (!isErrno(err, "EEXIST")) throw err;
    return { token: await readToken(file), file, created: false };
  } finally {
    await fs.rm(tmp, { force: true });
  }
  return { token, file, created: true };
}
