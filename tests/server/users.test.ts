import { promises as fs, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import type { FastifyInstance } from "fastify";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/load.js";
import { resolvePaths, type Paths } from "../../src/store/layout.js";
import { buildApp } from "../../src/server/app.js";
import { csrfTokenFor, SESSION_COOKIE } from "../../src/server/auth.js";
import { createServerEvents } from "../../src/sinks/events.js";
import { addUser, listUsers, removeUser, usersFile, verifyUser } from "../../src/store/users.js";
import { openStore } from "../../src/store/open.js";
import { makeRecord } from "../report/helpers.js";

const TOKEN = "b".repeat(64);

let home: string;
let paths: Paths;
let app: FastifyInstance;
let clock: number;

async function makeApp(token = TOKEN): Promise<FastifyInstance> {
  const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home }, overrides: { server: { port: 0, sessionIdleMinutes: 30 } } });
  paths = resolvePaths(config);
  await fs.mkdir(paths.inbox, { recursive: true });
  return buildApp({ config, paths, token, events: createServerEvents(), now: () => new Date(clock) });
}

beforeEach(async () => {
  home = mkdtempSync(path.join(os.tmpdir(), "nc-users-"));
  clock = Date.parse("2026-01-05T09:00:00Z");
  app = await makeApp();
});
afterEach(async () => {
  await app.close();
  await fs.rm(home, { recursive: true, force: true });
});

const form = { "content-type": "application/x-www-form-urlencoded" };
const login = (body: string, ip = "127.0.0.1") => app.inject({ method: "POST", url: "/login", payload: body, headers: form, remoteAddress: ip });
const cookieOf = (res: { cookies: Array<{ name: string; value: string }> }) => res.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
const desk = (session: string) => app.inject({ method: "GET", url: "/api/desk/failed", headers: { cookie: `${SESSION_COOKIE}=${session}` } });

describe("users file", () => {
  it("stores a salted scrypt hash (never the password), verifies it, lists and removes", async () => {
    await addUser(paths.state, "Dana Reyes", "correct horse battery");
    await addUser(paths.state, "Sam", "correct horse battery");
    const text = await fs.readFile(usersFile(paths.state), "utf8");
    expect(text).not.toContain("correct horse");
    const stored = JSON.parse(text) as { users: Array<{ salt: string; hash: string }> };
    expect(stored.users[0]!.salt).not.toBe(stored.users[1]!.salt);
    expect(stored.users[0]!.hash).not.toBe(stored.users[1]!.hash);
    expect((await fs.stat(usersFile(paths.state))).mode & 0o077).toBe(0);
    expect(await verifyUser(paths.state, "dana reyes", "correct horse battery")).toBe("Dana Reyes");
    expect(await verifyUser(paths.state, "Dana Reyes", "wrong")).toBeNull();
    expect(await verifyUser(paths.state, "Nobody", "correct horse battery")).toBeNull();
    expect((await listUsers(paths.state)).map((u) => u.name)).toEqual(["Dana Reyes", "Sam"]);
    expect(await removeUser(paths.state, "sam")).toBe(true);
    expect(await removeUser(paths.state, "sam")).toBe(false);
    expect((await listUsers(paths.state)).map((u) => u.name)).toEqual(["Dana Reyes"]);
  });

  it("refuses names that are paths or the token's name, and short passwords", async () => {
    await expect(addUser(paths.state, "../x", "long enough pw")).rejects.toThrow(/not a user name/);
    await expect(addUser(paths.state, "API token", "long enough pw")).rejects.toThrow(/API token/);
    await expect(addUser(paths.state, "Dana", "short")).rejects.toThrow(/at least 8/);
  });

  it("the CLI prints a generated password once, lists and removes", () => {
    const cli = path.resolve("src/cli/index.ts");
    const env = { ...process.env, NEWS_COVERAGE_HOME: home };
    const run = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", cli, "users", ...args], { env, encoding: "utf8" });
    const added = run("add", "Dana");
    expect(added.status).toBe(0);
    const password = /password: (\S+)/.exec(added.stdout)![1]!;
    expect(password).toHaveLength(16);
    expect(run("add", "Sam", "--password", "sam's long password").stdout).not.toContain("password:");
    expect(run("list").stdout).toMatch(/^Dana\t.*\nSam\t/);
    expect(run("remove", "Sam").status).toBe(0);
    expect(run("remove", "Sam").status).toBe(1);
    return verifyUser(resolvePaths(loadConfig({ env: { NEWS_COVERAGE_HOME: home } })).state, "Dana", password).then((n) => expect(n).toBe("Dana"));
  }, 60_000);
});

describe("desk sign-in by name", () => {
  it("a named analyst signs in; the session carries the name into the correction and the history", async () => {
    await addUser(paths.state, "Dana Reyes", "correct horse battery");
    const config = loadConfig({ env: { NEWS_COVERAGE_HOME: home } });
    const record = makeRecord({ title: "Netflix renews The Crown" });
    const { store } = await openStore(config, paths);
    await store.commit([{ record }]);
    const res = await login("name=Dana%20Reyes&password=correct%20horse%20battery");
    expect(res.statusCode).toBe(303);
    const session = cookieOf(res)!;
    const corrected = await app.inject({
      method: "POST",
      url: `/api/desk/records/${record.id}/corrections`,
      payload: { accept: true, base: record.processed_at },
      headers: { cookie: `${SESSION_COOKIE}=${session}`, "x-csrf-token": csrfTokenFor(session) },
    });
    expect(corrected.statusCode).toBe(200);
    expect(corrected.json().record.reviewed.by).toBe("Dana Reyes");
    const line = JSON.parse((await fs.readFile(path.join(paths.data, "corrections.jsonl"), "utf8")).trim().split("\n").at(-1)!) as { by: string };
    expect(line.by).toBe("Dana Reyes");
    // The token still works for the API, and records who it was.
    const byToken = await app.inject({
      method: "POST",
      url: `/api/desk/records/${record.id}/corrections`,
      payload: { excluded: true, base: corrected.json().record.reviewed.at },
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(byToken.json().record.reviewed.by).toBe("API token");
  });

  it("a wrong password is refused; five failures for a name and address lock that pair out, not others", async () => {
    await addUser(paths.state, "Dana", "correct horse battery");
    await addUser(paths.state, "Sam", "another long password");
    for (let i = 0; i < 5; i++) expect((await login("name=Dana&password=nope")).statusCode).toBe(401);
    const locked = await login("name=Dana&password=correct%20horse%20battery");
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toMatch(/Too many failed sign-ins for Dana/);
    expect((await login("name=Dana&password=correct%20horse%20battery", "10.0.0.2")).statusCode).toBe(303);
    expect((await login("name=Sam&password=another%20long%20password")).statusCode).toBe(303);
    clock += 16 * 60_000;
    expect((await login("name=Dana&password=correct%20horse%20battery")).statusCode).toBe(303);
  });

  it("logout ends the session on the server: the old cookie is refused", async () => {
    await addUser(paths.state, "Dana", "correct horse battery");
    const session = cookieOf(await login("name=Dana&password=correct%20horse%20battery"))!;
    expect((await desk(session)).statusCode).toBe(200);
    const out = await app.inject({
      method: "POST",
      url: "/logout",
      payload: `_csrf=${csrfTokenFor(session)}`,
      headers: { ...form, cookie: `${SESSION_COOKIE}=${session}` },
    });
    expect(out.statusCode).toBe(303);
    const after = await desk(session);
    expect(after.statusCode).toBe(401);
    expect(after.json().error).toMatch(/session has ended/);
  });

  it("an idle session expires after server.sessionIdleMinutes; use keeps it alive", async () => {
    await addUser(paths.state, "Dana", "correct horse battery");
    const session = cookieOf(await login("name=Dana&password=correct%20horse%20battery"))!;
    clock += 20 * 60_000;
    expect((await desk(session)).statusCode).toBe(200);
    clock += 20 * 60_000;
    expect((await desk(session)).statusCode).toBe(200);
    clock += 31 * 60_000;
    expect((await desk(session)).statusCode).toBe(401);
  });

  it("a removed user's session ends at their next request", async () => {
    await addUser(paths.state, "Dana", "correct horse battery");
    const session = cookieOf(await login("name=Dana&password=correct%20horse%20battery"))!;
    expect((await desk(session)).statusCode).toBe(200);
    await removeUser(paths.state, "Dana");
    expect((await desk(session)).statusCode).toBe(401);
  });

  it("sessions survive a restart (kept hashed in data/state/sessions.json), still expire when idle, and a new API token ends them", async () => {
    await addUser(paths.state, "Dana", "correct horse battery");
    await addUser(paths.state, "Sam", "correct horse battery");
    const dana = cookieOf(await login("name=Dana&password=correct%20horse%20battery"))!;
    const sam = cookieOf(await login("name=Sam&password=correct%20horse%20battery"))!;
    const signedOut = cookieOf(await login("name=Sam&password=correct%20horse%20battery"))!;
    await app.inject({
      method: "POST",
      url: "/logout",
      payload: `_csrf=${csrfTokenFor(signedOut)}`,
      headers: { ...form, cookie: `${SESSION_COOKIE}=${signedOut}` },
    });
    const file = path.join(paths.state, "sessions.json");
    const text = await fs.readFile(file, "utf8");
    expect(text).not.toContain(dana);
    expect(text).not.toContain(sam);
    expect((await fs.stat(file)).mode & 0o077).toBe(0);

    // A restart: a new server on the same home.
    await app.close();
    clock += 10 * 60_000;
    app = await makeApp();
    expect((await desk(dana)).statusCode).toBe(200);
    expect((await desk(signedOut)).statusCode).toBe(401);
    // Dana keeps using the desk; Sam does not: after 31 idle minutes (and another restart) only Dana's session is left.
    clock += 25 * 60_000;
    expect((await desk(dana)).statusCode).toBe(200);
    await app.close();
    clock += 6 * 60_000;
    app = await makeApp();
    expect((await desk(dana)).statusCode).toBe(200);
    expect((await desk(sam)).statusCode).toBe(401);

    // A new API token ends every session.
    await app.close();
    app = await makeApp("e".repeat(64));
    expect((await desk(dana)).statusCode).toBe(401);
  });
});
