import type { Command } from "commander";
import { registerUsersAddCommand } from "./users-add.js";
import { registerUsersListCommand } from "./users-list.js";
import { registerUsersRemoveCommand } from "./users-remove.js";

/** `news-coverage users add|remove|list`: the review desk's analyst logins (data/state/users.json). */
export function registerUsersCommand(program: Command): void {
  const users = program.command("users").description("analyst logins for the review desk (add, remove, list)");
  registerUsersAddCommand(users);
  registerUsersRemoveCommand(users);
  registerUsersListCommand(users);
}
