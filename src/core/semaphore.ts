/**
 * A FIFO counting semaphore: at most `limit` holders at once, waiters served in arrival order.
 * The OpenAI engine holds one permit per HTTP request (not while backing off), so a burst of
 * 1,000 articles never opens more than `limit` requests at once.
 */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];
  /** Highest number of permits held at the same time (for tests and benchmarks). */
  maxActive = 0;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be a positive integer, got ${limit}`);
  }

  get inUse(): number {
    return this.active;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** Resolves with a release function once a permit is held; release is idempotent. */
  async acquire(): Promise<() => void> {
    if (this.active < this.limit) {
      this.active++;
    } else {
      // The releaser hands its permit straight to us, so `active` does not change.
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.maxActive = Math.max(this.maxActive, this.active);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.active--;
    };
  }

  /** Runs `task` while holding a permit. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}
