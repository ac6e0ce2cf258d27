import { promises as fs, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkInstalledModel } from "../../src/engines/offline/model-file.js";
import { collectStatus } from "../../src/daemon/status.js";
import { resolvePaths } from "../../src/store/layout.js";
import { dropAtomic, makeArticle, makeHome, ROOT, runCli, startDaemon, stopDaemon, storedRecords, waitFor } from "../helpers/daemon.js";
import { tempConfig } from "../report/helpers.js";

const SHIPPED = readFileSync(path.join(ROOT, "models", "classifier.json"), "utf8");

/** The shipped model cut off after its first tenth, as a kill or a full disk could leave a copy. */
const TRUNCATED = SHIPPED.slice(0, Math.floor(SHIPPED.length / 10));

describe("an installation model file that cannot be used", () => {
  it("is reported as unusable (naming the file and what to do); a whole one as installed; none as absent", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "nc-model-"));
    const file = path.join(dir, "classifier.json");
    expect(checkInstalledModel(file)).toEqual({ state: "absent", model_id: null, problem: null });
    await fs.writeFile(file, TRUNCATED);
    const broken = checkInstalledModel(file);
    expect(broken.state).toBe("unusable");
    expect(broken.problem).toContain(`the installation model ${file} cannot be used (`);
    expect(broken.problem).toContain("looks truncated or corrupt, so the classifier uses the shipped model");
    expect(broken.problem).toContain("run `news-coverage train` to write it again");
    await fs.writeFile(path.join(dir, "next.json"), SHIPPED);
    await fs.rename(path.join(dir, "next.json"), file);
    expect(checkInstalledModel(file)).toMatchObject({ state: "installed", model_id: expect.stringMatching(/^offline-logreg/), problem: null });
  });

  it("shows in status --json", async () => {
    const config = tempConfig();
    const paths = resolvePaths(config);
    await fs.mkdir(path.dirname(paths.installedModel), { recursive: true });
    await fs.writeFile(paths.installedModel, "{");
    const status = await collectStatus(paths);
    expect(status.model).toMatchObject({ file: path.join("data", "models", "classifier.json"), state: "unusable" });
    expect(status.model.problem).toContain(paths.installedModel);
  });

  it("the daemon warns on stderr at start and classifies with the shipped model; status says so", async () => {
    const { home } = await makeHome({ health: { intervalMs: 100 } });
    const models = path.join(home, "data", "models");
    await fs.mkdir(models, { recursive: true });
    await fs.writeFile(path.join(models, "classifier.json"), TRUNCATED);
    const daemon = await startDaemon(home);
    try {
      const warning = `the installation model ${path.join(models, "classifier.json")} cannot be used (`;
      await waitFor(async () => daemon.stderr().includes(warning), "the warning on stderr");
      expect(daemon.stderr()).toMatch(/warn.*run `news-coverage train` to write it again/);
      const status = runCli(home, ["status"]);
      expect(status.stdout).toContain(`WARNING:   ${warning}`);

      await dropAtomic(path.join(home, "inbox"), "a.json", JSON.stringify(makeArticle(1)));
      const [record] = await waitFor(async () => {
        const records = await storedRecords(home);
        return records.length > 0 ? records : null;
      }, "the record");
      expect((record as unknown as { model: string }).model).toMatch(/^offline-logreg-svm-knn-v3(\+offline-lines|$)/);
    } finally {
      await stopDaemon(daemon);
    }
    // The warning is given once, not with every health write.
    expect(daemon.stderr().split("cannot be used").length - 1).toBe(1);
  }, 120_000);
});
