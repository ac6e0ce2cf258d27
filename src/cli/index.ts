#!/usr/bin/env node
// First: `start` catches stop signals before anything else loads (see signals.ts).
import "./signals.js";
import { Command } from "commander";
import { VERSION } from "../version.js";
import { registerDigestCommand } from "./commands/digest.js";
import { registerFeedsCommand } from "./commands/feeds.js";
import { registerProcessCommand } from "./commands/process.js";
import { registerReportCommand } from "./commands/report.js";
import { registerRetryCommand } from "./commands/retry.js";
import { registerStartCommand } from "./commands/start.js";
import { registerStatusCommand } from "./commands/status.js";
import { registerTrainCommand } from "./commands/train.js";
import { registerUsersCommand } from "./commands/users.js";
import { registerArchiveCommand } from "./commands/archive.js";

const program = new Command();
program.name("news-coverage").description("trade-press articles in, quarterly buyer coverage out").version(VERSION);
registerStartCommand(program);
registerProcessCommand(program);
registerStatusCommand(program);
registerRetryCommand(program);
registerDigestCommand(program);
registerReportCommand(program);
registerTrainCommand(program);
registerFeedsCommand(program);
registerUsersCommand(program);
registerArchiveCommand(program);

await program.parseAsync(process.argv);
