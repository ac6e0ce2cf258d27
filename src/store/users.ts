import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { AppError } from "../core/errors.js";
import { isErrno, writeFileAtomic } from "./fsutil.js";
import { USERS_FILE } from "./layout.js";
import { withLock } from "./locks.js";

/**
 * The review desk's analyst logins, data/state/users.json (mode 0600): a name and an scrypt hash
 * of the password with its own random salt. Written by `news-coverage users add|remove` under a
 * lock (whole file through a temp file), read by the server at each login, so a user added while
 * the daemon runs can sign in at once.
 */

interface StoredUser {
  name: string;
  salt: string;
  hash: string;
  /** scrypt cost parameters the hash was made with. */
  params: { N: number; r: number; p: number };
  created_at: string;
}

interface UsersFile {
  users: StoredUser[];
}

const KEY_LENGTH = 64;
const PARAMS = { N: 16384, r: 8, p: 1 };
/** Names are shown in the history and written into corrections: short, printable, no path characters. */
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._@-]{0,47}$/u;
export const USER_NAME_HINT = "1 to 48 letters, digits, spaces or . _ @ -, starting with a letter or digit";
const MIN_PASSWORD = 8;
/** What corrections made with the API token record as who made them (server/auth.ts). */
export const RESERVED_NAME = "API token";

export function usersFile(stateDir: string): string {
  return path.join(stateDir, USERS_FILE);
}

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { ...params, maxmem: 64 * 1024 * 1024 };
  return new Promise((resolve, reject) => scrypt(password.normalize("NFC"), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))));
}

async function readUsers(stateDir: string): Promise<UsersFile> {
  let text: string;
  try {
    text = await fs.readFile(usersFile(stateDir), "utf8");
  } catch (err) {
    if (isErrno(err, "ENOENT")) return { users: [] };
    throw err;
  }
  const parsed = JSON.parse(text) as UsersFile;
  return { users: Array.isArray(parsed.users) ? parsed.users : [] };
}

async function writeUsers(stateDir: string, data: UsersFile): Promise<void> {
  const file = usersFile(stateDir);
  await writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`);
  await fs.chmod(file, 0o600);
}

const sameName = (a: string, b: string) => a.normalize("NFC").toLowerCase() === b.normalize("NFC").toLowerCase();

export function checkUserName(name: string): string {
  const trimmed = name.trim().normalize("NFC");
  if (!NAME.test(trimmed)) throw new AppError("input_invalid", `not a user name: ${USER_NAME_HINT}`);
  if (sameName(trimmed, RESERVED_NAME)) throw new AppError("input_invalid", `"${RESERVED_NAME}" names sign-ins with the API token; choose another name`);
  return trimmed;
}

/** A password for `users add` without --password: 16 random characters from an unambiguous alphabet. */
export function generatePassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join("");
}

/** Adds an analyst (or sets a new password for one that exists: `replaced` says which). */
export async function addUser(stateDir: string, name: string, password: string, now = new Date()): Promise<{ name: string; replaced: boolean }> {
  const checked = checkUserName(name);
  if (password.length < MIN_PASSWORD) throw new AppError("input_invalid", `a password needs at least ${MIN_PASSWORD} characters`);
  const salt = randomBytes(16);
  const hash = await derive(password, salt, PARAMS);
  const user: StoredUser = { name: checked, salt: salt.toString("base64"), hash: hash.toString("base64"), params: PARAMS, created_at: now.toISOString() };
  await fs.mkdir(stateDir, { recursive: true });
  return withLock(usersFile(stateDir), async () => {
    const data = await readUsers(stateDir);
    const replaced = data.users.some((u) => sameName(u.name, checked));
    data.users = [...data.users.filter((u) => !sameName(u.name, checked)), user];
    await writeUsers(stateDir, data);
    return { name: checked, replaced };
  });
}

/** Removes an analyst; false when there was none by that name. Their open sessions end at their next request. */
export async function removeUser(stateDir: string, name: string): Promise<boolean> {
  await fs.mkdir(stateDir, { recursive: true });
  return withLock(usersFile(stateDir), async () => {
    const data = await readUsers(stateDir);
    const kept = data.users.filter((u) => !sameName(u.name, name));
    if (kept.length === data.users.length) return false;
    await writeUsers(stateDir, { users: kept });
    return true;
  });
}

export async function listUsers(stateDir: string): Promise<Array<{ name: string; created_at: string }>> {
  const { users } = await readUsers(stateDir);
  return users.map((u) => ({ name: u.name, created_at: u.created_at })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The user's name as stored when the password is theirs, else null (same work either way: a dummy hash for unknown names). */
export async function verifyUser(stateDir: string, name: string, password: string): Promise<string | null> {
  const { users } = await readUsers(stateDir);
  const user = users.find((u) => sameName(u.name, name.trim()));
  const salt = user ? Buffer.from(user.salt, "base64") : randomBytes(16);
  const expected = user ? Buffer.from(user.hash, "base64") : randomBytes(KEY_LENGTH);
  const got = await derive(password, salt, user?.params ?? PARAMS);
  const ok = got.length === expected.length && timingSafeEqual(got, expected);
  return ok && user ? user.name : null;
}

/** Whether a user of that name still exists (a removed user's sessions end). */
export async function userExists(stateDir: string, name: string): Promise<boolean> {
  const { users } = await readUsers(stateDir);
  return users.some((u) => sameName(u.name, name));
}
