/**
 * A download's files appear together or not at all: the staging folder, the move into place (fresh,
 * Replace, Keep Both), and renames that fail half-way, which must leave the old set as it was and no
 * staging, `.old-` or `.partial` leftovers.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { DownloadResult } from '../../../src/salesforce/results/downloadTypes';
import { downloadSet } from '../../../src/downloads/downloadSet';
import { createStaging, findResultFiles, publishSet, PublishError, type Rename } from '../../../src/downloads/publish';

const JOB = '750R0000000zxcvIAA';
const KINDS = ['failed', 'success', 'unprocessed'] as const;
const fileName = (kind: string): string => `${JOB}-${kind}.csv`;

/** What a download leaves in the staging folder: the three files, and the result that names them. */
function fakeDownload(contents: string, kinds: readonly string[] = KINDS): (staging: string) => Promise<DownloadResult> {
  return async (staging) => {
    const files: DownloadResult['files'] = {};
    for (const kind of kinds) {
      const file = path.join(staging, fileName(kind));
      fs.writeFileSync(file, `${kind}:${contents}\n`);
      files[kind as 'failed'] = file;
    }
    return {
      jobId: JOB, flavour: '1.0', kind: 'ingest', files, rows: { failed: 1, success: 1, unprocessed: 1, query: 0 }, errors: [], warnings: [],
    };
  };
}

/** A rename that fails on its `n`-th call (1-based) with EACCES, as a locked file on Windows would. */
function failingRename(n: number): Rename {
  let calls = 0;
  return async (from, to) => {
    if (++calls === n) {
      throw Object.assign(new Error(`EACCES: permission denied, rename '${from}'`), { code: 'EACCES', syscall: 'rename' });
    }
    await fs.promises.rename(from, to);
  };
}

describe('downloads/publish: all files of one download together or not at all', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-publish-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function writeOldSet(kinds: readonly string[] = KINDS): void {
    for (const kind of kinds) {
      fs.writeFileSync(path.join(dir, fileName(kind)), `${kind}:old\n`);
    }
  }

  const listing = (): string[] => fs.readdirSync(dir).sort();
  const contents = (kind: string, folder = dir): string => fs.readFileSync(path.join(folder, fileName(kind)), 'utf8');

  it('a fresh set: every file in place, the staging folder gone, the stamps of what was written', async () => {
    const placed = await downloadSet({ dir, jobId: JOB, choice: undefined, found: [] }, fakeDownload('new'));
    assert.ok(placed);
    assert.deepStrictEqual(listing(), KINDS.map(fileName).sort());
    assert.strictEqual(placed.plan.kind, 'fresh');
    assert.strictEqual(placed.files.failed, path.join(dir, fileName('failed')));
    assert.deepStrictEqual(placed.stamps.map((s) => [path.basename(s.path), s.size]), KINDS.map((k) => [fileName(k), fs.statSync(path.join(dir, fileName(k))).size]));
  });

  it('Replace: the new set takes the old one\'s place, a kind the new set lacks goes too', async () => {
    writeOldSet();
    const found = await findResultFiles(dir, JOB);
    const placed = await downloadSet({ dir, jobId: JOB, choice: 'replace', found }, fakeDownload('new', ['failed', 'success']));
    assert.strictEqual(placed?.plan.kind, 'replace');
    assert.deepStrictEqual(listing(), ['failed', 'success'].map(fileName).sort(), 'no unprocessed file of the old set, no leftovers');
    assert.strictEqual(contents('failed'), 'failed:new\n');
  });

  it('Keep Both: the new set in a time-stamped folder, the old set untouched', async () => {
    writeOldSet();
    const found = await findResultFiles(dir, JOB);
    const placed = await downloadSet({ dir, jobId: JOB, choice: 'keepBoth', found, now: () => new Date(2026, 11, 2, 18, 30) }, fakeDownload('new'));
    const folder = path.join(dir, `${JOB}-2026-12-02T1830`);
    assert.strictEqual(placed?.folder, folder);
    assert.deepStrictEqual(listing(), [...KINDS.map(fileName), path.basename(folder)].sort());
    for (const kind of KINDS) {
      assert.strictEqual(contents(kind), `${kind}:old\n`);
      assert.strictEqual(contents(kind, folder), `${kind}:new\n`);
    }
    assert.deepStrictEqual(fs.readdirSync(folder).sort(), KINDS.map(fileName).sort());
  });

  it('Replace, but an old file was saved again during the download: both kept, and it says so', async () => {
    writeOldSet();
    const found = await findResultFiles(dir, JOB);
    const placed = await downloadSet({ dir, jobId: JOB, choice: 'replace', found }, async (staging) => {
      fs.writeFileSync(path.join(dir, fileName('failed')), 'failed:fixed by hand, a longer line\n');
      return fakeDownload('new')(staging);
    });
    assert.strictEqual(placed?.plan.kind, 'keepBoth');
    assert.strictEqual(placed.plan.changedMeanwhile, true);
    assert.strictEqual(contents('failed'), 'failed:fixed by hand, a longer line\n');
  });

  for (const [what, n] of [['moving the old set aside', 2], ['moving the new set in', 5]] as const) {
    it(`Replace: a rename that fails while ${what} leaves the old set as it was and nothing else`, async () => {
      writeOldSet();
      const found = await findResultFiles(dir, JOB);
      await assert.rejects(
        downloadSet({ dir, jobId: JOB, choice: 'replace', found, publish: { rename: failingRename(n) } }, fakeDownload('new')),
        (e: unknown) => e instanceof PublishError && e.code === 'EACCES');
      assert.deepStrictEqual(listing(), KINDS.map(fileName).sort(), 'no staging, no .old- folder, no new file');
      for (const kind of KINDS) {
        assert.strictEqual(contents(kind), `${kind}:old\n`);
      }
    });
  }

  it('a fresh set whose second rename fails: no file of it is left', async () => {
    await assert.rejects(downloadSet({ dir, jobId: JOB, choice: undefined, found: [], publish: { rename: failingRename(2) } }, fakeDownload('new')));
    assert.deepStrictEqual(listing(), []);
  });

  it('Keep Both whose rename fails: the old set untouched, no staging folder', async () => {
    writeOldSet();
    const found = await findResultFiles(dir, JOB);
    await assert.rejects(downloadSet({ dir, jobId: JOB, choice: 'keepBoth', found, publish: { rename: failingRename(1) } }, fakeDownload('new')));
    assert.deepStrictEqual(listing(), KINDS.map(fileName).sort());
  });

  it('a download that fails or is cancelled removes its staging folder and its partials, the old set untouched', async () => {
    writeOldSet();
    const found = await findResultFiles(dir, JOB);
    await assert.rejects(downloadSet({ dir, jobId: JOB, choice: 'replace', found }, async (staging) => {
      fs.writeFileSync(path.join(staging, `${fileName('failed')}.partial`), 'half');
      throw new Error('the stream broke off');
    }), /broke off/);
    assert.strictEqual(await downloadSet({ dir, jobId: JOB, choice: 'replace', found }, async () => undefined), undefined);
    assert.deepStrictEqual(listing(), KINDS.map(fileName).sort());
    assert.strictEqual(contents('success'), 'success:old\n');
  });

  it('stages next to the target, in a hidden folder of its own, creating the target', async () => {
    const target = path.join(dir, 'new', 'folder');
    const staging = await createStaging(target, JOB);
    assert.strictEqual(path.dirname(staging), target);
    assert.match(path.basename(staging), new RegExp(`^\\.${JOB}\\.download-`));
    const placed = await publishSet(staging, {}, target, { kind: 'fresh' });
    assert.deepStrictEqual(placed, { files: {}, stamps: [] });
    assert.deepStrictEqual(fs.readdirSync(target), [], 'the staging folder is gone');
  });
});
