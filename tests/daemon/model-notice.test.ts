import { promises as fs, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ModelNotice } from "../../src/daemon/model-notice.js";

const model = (id: string) => `{\n"format": "news-coverage-offline-classifier/1",\n"model_id": "${id}",\n"info": {}\n}\n`;

describe("the daemon's line when it picks up a retrained model (issue 25.17)", () => {
  it("logs once per new model file, naming its id, and once when it is gone", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "nc-model-"));
    const file = path.join(dir, "classifier.json");
    const lines: string[] = [];
    const notice = new ModelNotice(file, (m) => lines.push(m));
    await notice.check(); // the shipped model: nothing to say
    expect(lines).toEqual([]);
    await fs.writeFile(file, model("offline-logreg-svm-knn-v3+corrections-aaaa1111"));
    await notice.check();
    await notice.check();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^model: using the retrained model offline-logreg-svm-knn-v3\+corrections-aaaa1111 \(/);
    // A retrain writes a new file by rename.
    await fs.writeFile(`${file}.tmp`, model("offline-logreg-svm-knn-v3+corrections-bbbb2222"));
    await fs.utimes(`${file}.tmp`, new Date(Date.now() + 5000), new Date(Date.now() + 5000));
    await fs.rename(`${file}.tmp`, file);
    await notice.check();
    expect(lines[1]).toMatch(
      /^model: picked up the retrained model offline-logreg-svm-knn-v3\+corrections-bbbb2222 \(.*\); the workers use it from their next batch$/,
    );
    await fs.rm(file);
    await notice.check();
    expect(lines[2]).toMatch(/is gone; the workers use the shipped model/);
    expect(lines).toHaveLength(3);
  });
});
