import type { Command } from "commander";
import { errorMessage } from "../../core/errors.js";
import { oneLine } from "../../core/text.js";
import { removeUser } from "../../store/users.js";
import { cliContext } from "../context.js";

export function registerUsersRemoveCommand(users: Command): void {
  users
    .command("remove")
    .description("remove an analyst login (their desk sessions end at their next request)")
    .argument("<name>", "the analyst's name")
    .action(async (name: string) => {
      const { paths, log } = cliContext();
      log.close();
      try {
        if (await removeUser(paths.state, name)) process.stdout.write(`removed ${oneLine(name)}\n`);
        else {
          process.stderr.write(`news-coverage: no user named ${oneLine(name)}\n`);
          process.exitCode = 1;
        }
      } catch (err) {
        process.stderr.write(`news-coverage: users remove: ${oneLine(errorMessage(err))}\n`);
        process.exitCode = 1;
      }
    });
}
