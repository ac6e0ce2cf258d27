/** A one-line progress bar on a terminal; silent when the stream is not a TTY. */
export class Progress {
  private count = 0;
  private readonly tty: boolean;

  constructor(
    private readonly total: number,
    private readonly stream: NodeJS.WriteStream,
  ) {
    this.tty = Boolean(stream.isTTY) && total > 1;
  }

  tick(): void {
    this.count += 1;
    if (!this.tty) return;
    const width = 30;
    const filled = Math.round((this.count / this.total) * width);
    this.stream.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${this.count}/${this.total}`);
  }

  /** Prints a message above the bar. */
  print(text: string): void {
    if (this.tty) this.stream.write("\r\x1b[K");
    (text.startsWith("failed") ? process.stderr : process.stdout).write(text);
  }

  done(): void {
    if (this.tty) this.stream.write("\n");
  }
}
