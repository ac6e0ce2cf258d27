interface BatcherOptions {
  /** Flush this long after the last item arrived... */
  debounceMs: number;
  /** ...or when this many are gathered... */
  maxBatch: number;
  /** ...or at the latest this long after the first item of the batch. */
  maxWaitMs: number;
}

/** Gathers items that arrive close together into micro-batches. */
export class Batcher<T> {
  private items: T[] = [];
  private debounceTimer?: NodeJS.Timeout;
  private maxWaitTimer?: NodeJS.Timeout;

  constructor(
    private readonly options: BatcherOptions,
    private readonly onBatch: (batch: T[]) => void,
  ) {}

  add(item: T): void {
    this.items.push(item);
    if (this.items.length >= this.options.maxBatch) {
      this.flush();
      return;
    }
    clearTimeout(this.debounceTimer);
    this.debounceTimer = setTimeout(() => this.flush(), this.options.debounceMs);
    if (this.items.length === 1) this.maxWaitTimer = setTimeout(() => this.flush(), this.options.maxWaitMs);
  }

  get size(): number {
    return this.items.length;
  }

  flush(): void {
    clearTimeout(this.debounceTimer);
    clearTimeout(this.maxWaitTimer);
    this.debounceTimer = this.maxWaitTimer = undefined;
    if (this.items.length === 0) return;
    const batch = this.items;
    this.items = [];
    this.onBatch(batch);
  }

  /** Hands back what was gathered but not flushed (shutdown). */
  drain(): T[] {
    clearTimeout(this.debounceTimer);
    clearTimeout(this.maxWaitTimer);
    const items = this.items;
    this.items = [];
    return items;
  }
}
