import type { Command } from "commander";
import { oneLine } from "../../core/text.js";
import { listUsers } from "../../store/users.js";
import { cliContext } from "../context.js";

export function registerUsersListCommand(users: Command): void {
  users
    .command("list")
    .description("list the analyst logins")
    .action(async () => {
      const { paths, log } = cliContext();
      log.close();
      const all = await listUsers(paths.state);
      for (const user of all) process.stdout.write(`${oneLine(user.name)}\tadded ${user.created_at.slice(0, 10)}\n`);
      if (all.length === 0) process.stdout.write("no users yet: add one with news-coverage users add <name>\n");
    });
}
