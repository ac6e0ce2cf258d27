import path from "node:path";
import type { Command } from "commander";
import { cliContext } from "../context.js";
import { errorMessage } from "../../core/errors.js";

export function registerTrainCommand(program: Command): void {
  program
    .command("train")
    .description(
      "retrain the offline classifier from the shipped base corpus plus the analysts' corrections; writes data/models/classifier.json when it does not lose accuracy",
    )
    .option("--if-new", "do nothing when there are no corrections since the last retrain")
    .action(async (options: { ifNew?: boolean }) => {
      const { config, paths, log } = cliContext();
      try {
        const { retrainInstallation, describeRetrain } = await import("../../learning/retrain.js");
        const line = await retrainInstallation({ config, trigger: "cli", onlyIfNew: options.ifNew, warn: (m) => log.warn(m) });
        const message = describeRetrain(line);
        if (line.decision === "rejected") log.warn(message);
        else log.info(message);
        if (line.decision === "accepted") process.stdout.write(`${path.relative(paths.home, paths.installedModel)}\n`);
        if (line.decision === "rejected") process.exitCode = 3;
      } catch (err) {
        process.stderr.write(`news-coverage train: ${errorMessage(err)}\n`);
        process.exitCode = 1;
      } finally {
        log.close();
      }
    });
}
