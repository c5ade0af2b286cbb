/** One `globalState` shared by several simulated windows (as VS Code propagates it), with a write counter. */
import type { MementoLike } from '../../../src/storage/serialMemento';

export class FakeMemento implements MementoLike {
  readonly values = new Map<string, unknown>();
  writes = 0;

  get<T>(key: string): T | undefined {
    // A copy, as a real memento hands out what was serialised.
    const v = this.values.get(key);
    return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as T);
  }

  update(key: string, value: unknown): Promise<void> {
    this.writes++;
    if (value === undefined) {
      this.values.delete(key);
    } else {
      this.values.set(key, JSON.parse(JSON.stringify(value)));
    }
    return Promise.resolve();
  }

  keys(): readonly string[] {
    return [...this.values.keys()];
  }
}

/** A clock the test moves. */
export class FakeClock {
  t = 1_000_000;
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}
