// One log line when the installation's retrained model (data/models/classifier.json) appears or
// changes: the worker threads load it by themselves before their next batch, and without this
// line nobody could tell from the log that a `train` (or the nightly retrain) took effect.
import { promises as fs } from "node:fs";

/** Bytes read to find the model's id: the model file names it in its first lines. */
const HEAD_BYTES = 4096;

export class ModelNotice {
  private seen: string | null = null;

  constructor(
    private readonly file: string,
    private readonly info: (message: string) => void,
  ) {}

  /** Logs once per new version of the file (size and mtime); a missing file is the shipped model. */
  async check(): Promise<void> {
    const stat = await fs.stat(this.file).catch(() => null);
    const version = stat ? `${stat.size}:${stat.mtimeMs}` : null;
    if (version === this.seen) return;
    const first = this.seen === null && version !== null;
    this.seen = version;
    if (version === null) {
      this.info(`model: ${this.file} is gone; the workers use the shipped model from their next batch`);
      return;
    }
    const id = await modelId(this.file);
    const when = stat!.mtime.toISOString();
    this.info(
      first
        ? `model: using the retrained model ${id} (${this.file}, written ${when})`
        : `model: picked up the retrained model ${id} (${this.file}, written ${when}); the workers use it from their next batch`,
    );
  }
}

async function modelId(file: string): Promise<string> {
  const handle = await fs.open(file, "r").catch(() => null);
  if (!handle) return "(unreadable)";
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
    return /"model_id"\s*:\s*"([^"\\]{1,200})"/.exec(buffer.subarray(0, bytesRead).toString("utf8"))?.[1] ?? "(no model_id)";
  } finally {
    await handle.close();
  }
}
