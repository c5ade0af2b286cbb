import * as assert from 'assert';
import type { MementoLike } from '../../../src/storage/serialMemento';
import { SerialMemento } from '../../../src/storage/serialMemento';

const settle = () => new Promise((r) => setImmediate(r));

/**
 * As VS Code's extension memento over the workbench, stepped by the test: the whole value is one
 * blob; `send()` hands the copy to the workbench (the memento's flush), and `echo()` delivers the
 * workbench's answer: the blob it stored replaces the copy, then the update resolves.
 */
class EchoingMemento implements MementoLike {
  private value: Record<string, unknown> = {};
  stored: Record<string, unknown> = {};
  private unsent: (() => void)[] = [];
  private inFlight: { blob: string; resolve: () => void }[] = [];

  get<T>(key: string): T | undefined {
    return this.value[key] as T | undefined;
  }

  keys(): readonly string[] {
    return Object.keys(this.value);
  }

  update(key: string, v: unknown): Promise<void> {
    if (v === undefined) {
      delete this.value[key];
    } else {
      this.value[key] = v;
    }
    return new Promise((resolve) => this.unsent.push(resolve));
  }

  send(): void {
    if (this.unsent.length > 0) {
      const blob = JSON.stringify(this.value);
      this.stored = JSON.parse(blob) as Record<string, unknown>;
      const waiting = this.unsent.splice(0);
      this.inFlight.push({ blob, resolve: () => waiting.forEach((r) => r()) });
    }
  }

  echo(): void {
    for (const { blob, resolve } of this.inFlight.splice(0)) {
      this.value = JSON.parse(blob) as Record<string, unknown>;
      resolve();
    }
  }
}

describe('store: writes to globalState one batch at a time', () => {
  it('(the memento as VS Code has it loses an update made while an earlier one is on its way)', () => {
    const m = new EchoingMemento();
    void m.update('a', 1);
    m.send();
    void m.update('b', 2);
    m.echo();
    m.send();
    assert.deepStrictEqual(m.stored, { a: 1 });
  });

  it('keeps every update, batches those of one turn, and shows queued values at once', async () => {
    const inner = new EchoingMemento();
    const m = new SerialMemento(inner);
    const first = m.update('a', 1);
    await settle();
    inner.send();
    const second = m.update('b', 2);
    void m.update('c', 3);
    void m.update('a', undefined);
    assert.strictEqual(m.get('b'), 2);
    assert.deepStrictEqual([...m.keys()].sort(), ['b', 'c']);
    await settle();
    assert.strictEqual(inner.get('b'), undefined, 'held until the first write is answered');
    inner.echo();
    await settle();
    inner.send();
    inner.echo();
    await Promise.all([first, second]);
    assert.deepStrictEqual(inner.stored, { b: 2, c: 3 });
    assert.deepStrictEqual([...m.keys()].sort(), ['b', 'c']);
  });
});
