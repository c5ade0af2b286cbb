/** "What is sent is what was checked": src/load/fileSnapshot.ts on real files. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileChangedError, hashing, sameSnapshot, snapshotOf, verifiedStream } from '../../../src/load/fileSnapshot';

async function drain(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c);
  return Buffer.concat(parts);
}

describe('load/fileSnapshot', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snapshot-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('hashes as the preflight reads, the same as a fresh read; none until the end is reached', async () => {
    const file = path.join(dir, 'a.csv');
    fs.writeFileSync(file, 'Name\nAcme\n');
    const h = hashing(fs.createReadStream(file));
    assert.strictEqual(h.snapshot(), undefined);
    await drain(h.chunks);
    assert.ok(sameSnapshot(h.snapshot()!, await snapshotOf(file)));
    assert.strictEqual(h.snapshot()!.size, 10);
  });

  it('the upload stream passes the checked bytes, and fails at its end when the file changed since (same size too)', async () => {
    const file = path.join(dir, 'a.csv');
    fs.writeFileSync(file, 'Name\nAcme\n');
    const checked = await snapshotOf(file);
    assert.strictEqual((await drain(verifiedStream(file, checked))).toString(), 'Name\nAcme\n');
    fs.writeFileSync(file, 'Name\nAcne\n');
    await assert.rejects(drain(verifiedStream(file, checked, 'a.csv')), (e: unknown) => e instanceof FileChangedError && /a\.csv changed while it was being loaded/.test(e.message));
  });
});
