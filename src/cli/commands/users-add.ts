import type { Command } from "commander";
import { errorMessage } from "../../core/errors.js";
import { oneLine } from "../../core/text.js";
import { addUser, generatePassword } from "../../store/users.js";
import { cliContext } from "../context.js";

export function registerUsersAddCommand(users: Command): void {
  users
    .command("add")
    .description("add an analyst login (or set a new password); without --password one is made and printed once")
    .argument("<name>", "the analyst's name, shown in the history of every record they correct")
    .option("--password <password>", "the password (at least 8 characters)")
    .action(async (name: string, options: { password?: string }) => {
      const { paths, log } = cliContext();
      log.close();
      const password = options.password ?? generatePassword();
      try {
        const { name: stored, replaced } = await addUser(paths.state, name, password);
        process.stdout.write(`${replaced ? "new password for" : "added"} ${oneLine(stored)}\n`);
        if (options.password === undefined) process.stdout.write(`password: ${password}\n(shown only now: pass it on to ${oneLine(stored)})\n`);
      } catch (err) {
        process.stderr.write(`news-coverage: users add: ${oneLine(errorMessage(err))}\n`);
        process.exitCode = 1;
      }
    });
}
