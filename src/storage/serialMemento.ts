/**
 * Writes to `globalState` one batch at a time. VS Code keeps an extension's `globalState` as ONE
 * value: each update sends the whole value to the workbench, which echoes it back to every window,
 * and the echo replaces the extension host's copy. An update made while an earlier one is still on
 * its way is undone by that earlier echo. So: updates made in the same turn go together, and the
 * next batch waits until the previous one is acknowledged (its echo arrives first). Reads see the
 * queued values at once. No `vscode` import here.
 */

/** What `vscode.Memento` offers that the stores use (a plain object in unit tests). */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
  keys(): readonly string[];
}

export class SerialMemento implements MementoLike {
  /** Updated here, not yet handed to the memento (`undefined` = delete). */
  private readonly queued = new Map<string, unknown>();
  private draining: Promise<void> | undefined;

  constructor(private readonly inner: MementoLike) {}

  get<T>(key: string): T | undefined {
    return this.queued.has(key) ? (this.queued.get(key) as T | undefined) : this.inner.get<T>(key);
  }

  keys(): readonly string[] {
    const keys = new Set(this.inner.keys());
    for (const [key, value] of this.queued) {
      if (value === undefined) {
        keys.delete(key);
      } else {
        keys.add(key);
      }
    }
    return [...keys];
  }

  /** Resolves once the value (and everything queued before it) is written. */
  update(key: string, value: unknown): Promise<void> {
    this.queued.set(key, value);
    this.draining ??= Promise.resolve().then(() => this.drain());
    return this.draining;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queued.size > 0) {
        const batch = [...this.queued];
        // Handed over in one turn: the memento holds them at once (the queue no longer needs to).
        const written = batch.map(([key, value]) => this.inner.update(key, value));
        this.queued.clear();
        await Promise.all(written);
      }
    } finally {
      this.draining = undefined;
    }
  }
}
