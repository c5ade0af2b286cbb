/** The file of unsent rows: beside the source, a free name, never a file replaced, nothing left on a failed write. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { unsentNames, writeUnsent } from '../../../src/load/unsentFile';

/** Pieces as `unsentSlices` gives them: the first begins with the header, which is no row. */
async function* pieces(...texts: string[]): AsyncGenerator<{ data: Buffer; rows: number }> {
  for (const [k, t] of texts.entries()) yield { data: Buffer.from(t), rows: t.split('\n').length - (k === 0 ? 2 : 1) };
}

describe('load/unsentFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unsent-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names: <name>-unsent.csv, then -unsent-2.csv…; the rest of a rest keeps one "-unsent"', () => {
    const names = unsentNames(path.join(dir, '750x-failed.CSV'));
    assert.deepEqual(names.slice(0, 3).map((n) => path.basename(n)), ['750x-failed-unsent.csv', '750x-failed-unsent-2.csv', '750x-failed-unsent-3.csv']);
    assert.equal(path.dirname(names[0]), dir);
    assert.equal(path.basename(unsentNames(path.join(dir, 'a-unsent-2.csv'))[1]), 'a-unsent-2.csv');
  });

  it('writes the pieces to the first free name and never replaces a file', async () => {
    const source = path.join(dir, 'contacts.csv');
    fs.writeFileSync(path.join(dir, 'contacts-unsent.csv'), 'mine\n');
    const written = await writeUnsent(source, pieces('Name\nA\n', 'B\nC\n'));
    assert.deepEqual(written, { file: path.join(dir, 'contacts-unsent-2.csv'), rows: 3 });
    assert.equal(fs.readFileSync(written.file, 'utf8'), 'Name\nA\nB\nC\n');
    assert.equal(fs.readFileSync(path.join(dir, 'contacts-unsent.csv'), 'utf8'), 'mine\n', 'the older file is untouched');
  });

  it('a read that fails part-way leaves no file', async () => {
    async function* broken(): AsyncGenerator<{ data: Buffer; rows: number }> {
      yield { data: Buffer.from('Name\nA\n'), rows: 1 };
      throw new Error('the disk went away');
    }
    await assert.rejects(writeUnsent(path.join(dir, 'x.csv'), broken()), /the disk went away/);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});
