/** "What is sent is what was checked": src/load/fileSnapshot.ts on real files. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FileChangedError, hashing, readingSnapshot, sameSnapshot, snapshotOf, stillSnapshot, verifiedStream } from '../../../src/load/fileSnapshot';

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
  it('before a 2.0 upload the same size and modification time stand for the hash; any write, or 1.0, hashes again', async () => {
    const file = path.join(dir, 'a.csv');
    fs.writeFileSync(file, 'Name\nAcme\n');
    const read = readingSnapshot(file);
    await drain(read.chunks);
    const checked = read.snapshot()!;
    assert.ok(sameSnapshot(checked, await snapshotOf(file)));
    assert.strictEqual(checked.mtimeMs, fs.statSync(file).mtimeMs, 'the file did not change while read: its time is kept');
    assert.ok(await stillSnapshot(file, checked, true));
    assert.ok(await stillSnapshot(file, checked, false));
    // Same size, other bytes, and the time put back as it was: only the hash sees it (1.0); 2.0's upload checks the hash as it reads.
    fs.writeFileSync(file, 'Name\nAcne\n');
    const when = new Date(checked.mtimeMs!);
    fs.utimesSync(file, when, when);
    assert.strictEqual(await stillSnapshot(file, checked, false), false);
    await assert.rejects(drain(verifiedStream(file, checked)), FileChangedError);
    // A write that moves the time: hashed again, for 2.0 too.
    fs.writeFileSync(file, 'Name\nAcme\n');
    fs.utimesSync(file, new Date(checked.mtimeMs! + 5000), new Date(checked.mtimeMs! + 5000));
    assert.ok(await stillSnapshot(file, checked, true), 'same bytes, a new time: still what was checked');
    fs.writeFileSync(file, 'Name\nAcme Corp\n');
    assert.strictEqual(await stillSnapshot(file, checked, true), false);
    assert.strictEqual(await stillSnapshot(file, { ...checked, mtimeMs: undefined }, true), false, 'no time known: hashed');
  });
});
