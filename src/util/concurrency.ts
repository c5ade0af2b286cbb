/** Sharing of in-flight work by key, and bounded concurrency. No `vscode` import here. */

/** Concurrent callers asking for the same key share one promise until it settles. */
export class InFlight<T> {
  private readonly pending = new Map<string, Promise<T>>();

  get size(): number {
    return this.pending.size;
  }

  has(key: string): boolean {
    return this.pending.has(key);
  }

  get(key: string): Promise<T> | undefined {
    return this.pending.get(key);
  }

  run(key: string, start: () => Promise<T>): Promise<T> {
    const existing = this.pending.get(key);
    if (existing) {
      return existing;
    }
    const p = start().finally(() => {
      if (this.pending.get(key) === p) {
        this.pending.delete(key);
      }
    });
    this.pending.set(key, p);
    return p;
  }
}

/**
 * At most `limit()` tasks at once (read at every start, so a changed setting applies to the next
 * task); the rest wait in arrival order.
 */
export class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: () => number) {}

  get running(): number {
    return this.active;
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private max(): number {
    const n = Math.floor(this.limit());
    return Number.isFinite(n) && n >= 1 ? n : 1;
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) {
      return Promise.reject(signal.reason ?? new Error('Cancelled'));
    }
    if (this.active < this.max()) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const go = (): void => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve();
      };
      const onAbort = (): void => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) {
          this.waiting.splice(i, 1);
        }
        reject(signal?.reason ?? new Error('Cancelled'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(go);
    });
  }

  private release(): void {
    this.active--;
    while (this.waiting.length > 0 && this.active < this.max()) {
      this.waiting.shift()!();
    }
  }
}

/** Runs `fn` over `items` with at most `limit` at once; settles when all have settled. */
export async function runBounded<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<PromiseSettledResult<unknown>[]> {
  const limiter = new Limiter(() => limit);
  return Promise.allSettled(items.map((item) => limiter.run(() => fn(item))));
}
