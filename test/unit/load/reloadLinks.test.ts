import * as assert from 'assert';
import type * as vscode from 'vscode';
import { ReloadLinks } from '../../../src/load/reloadLinks';

/** globalState as two windows see it: one store, each write one key. */
class SharedMemento implements Pick<vscode.Memento, 'get' | 'update' | 'keys'> {
  readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

describe('load/reloadLinks', () => {
  const original = { orgKey: 'me@example.com', jobId: '750R0000000aaaaIAA' };
  const first = { orgKey: 'me@example.com', jobId: '750R0000000bbbbIAA' };
  const second = { orgKey: 'me@example.com', jobId: '750R0000000ccccIAA' };

  it('links both ways, one key per link, so two windows linking at once keep both', async () => {
    const shared = new SharedMemento();
    const windowA = new ReloadLinks(shared as unknown as vscode.Memento);
    const windowB = new ReloadLinks(shared as unknown as vscode.Memento);
    await Promise.all([windowA.link(first, original), windowB.link(second, original)]);
    assert.deepStrictEqual(windowA.originalOf(first), original);
    assert.deepStrictEqual(windowB.originalOf(second), original);
    assert.deepStrictEqual(windowA.reloadsOf(original).map((r) => r.jobId).sort(), [first.jobId, second.jobId]);
    assert.strictEqual(windowA.originalOf(original), undefined);
    assert.strictEqual(shared.values.size, 2);
  });

  it('keeps org keys with a bar or a URL intact', async () => {
    const links = new ReloadLinks(new SharedMemento() as unknown as vscode.Memento);
    const manual = { orgKey: 'manual:https://x.my.salesforce.com', jobId: original.jobId };
    await links.link({ ...first, orgKey: manual.orgKey }, manual);
    assert.deepStrictEqual(links.originalOf({ ...first, orgKey: manual.orgKey }), manual);
  });
});
