/** The default results folder, and the `.gitignore` that keeps customer rows out of git. */
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { defaultResultsFolder, ensureResultsFolder, GITIGNORE_TEXT, removeIfUnused } from '../../../src/downloads/resultsFolder';

describe('downloads/resultsFolder', () => {
  const base = { workspace: '/ws/project', globalStorage: '/gs/bulk', home: '/home/ann' };

  it('takes the setting, else the workspace\'s bulk-results/, else the extension\'s storage', () => {
    assert.deepStrictEqual(defaultResultsFolder({ ...base, setting: '/data/bulk' }), { dir: path.normalize('/data/bulk'), source: 'setting' });
    assert.deepStrictEqual(defaultResultsFolder({ ...base, setting: '~/bulk' }), { dir: path.join('/home/ann', 'bulk'), source: 'setting' });
    assert.deepStrictEqual(defaultResultsFolder({ ...base, setting: '~' }), { dir: path.join('/home/ann'), source: 'setting' });
    assert.deepStrictEqual(defaultResultsFolder({ ...base, setting: '' }), { dir: path.join('/ws/project', 'bulk-results'), source: 'workspace' });
    assert.deepStrictEqual(defaultResultsFolder({ ...base, setting: 'relative/path' }), { dir: path.join('/ws/project', 'bulk-results'), source: 'workspace' });
    assert.deepStrictEqual(defaultResultsFolder({ ...base, workspace: undefined, setting: '' }), { dir: path.join('/gs/bulk', 'bulk-results'), source: 'globalStorage' });
  });

  describe('on disk', () => {
    let root: string;

    beforeEach(() => {
      root = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-folder-'));
    });

    afterEach(() => {
      fs.rmSync(root, { recursive: true, force: true });
    });

    it('creates the folder with a .gitignore of `*`, and never replaces an existing .gitignore', async () => {
      const dir = path.join(root, 'bulk-results');
      assert.strictEqual(await ensureResultsFolder(dir), true);
      assert.strictEqual(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), GITIGNORE_TEXT);
      assert.ok(GITIGNORE_TEXT.split('\n').includes('*'));
      fs.writeFileSync(path.join(dir, '.gitignore'), 'mine\n');
      assert.strictEqual(await ensureResultsFolder(dir), false);
      assert.strictEqual(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), 'mine\n');
    });

    it('adds the .gitignore to an existing folder that has none', async () => {
      const dir = path.join(root, 'bulk-results');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'old-failed.csv'), 'x\n');
      assert.strictEqual(await ensureResultsFolder(dir), false);
      assert.strictEqual(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'), GITIGNORE_TEXT);
    });

    it('git sees nothing in it: not the result files, not the .gitignore, not a staging folder', async () => {
      execFileSync('git', ['init', '-q', root]);
      const dir = path.join(root, 'bulk-results');
      await ensureResultsFolder(dir);
      fs.writeFileSync(path.join(dir, '750R0000000zxcvIAA-failed.csv'), 'sf__Id,sf__Error,Email\n,ERR,ann@acme.example\n');
      fs.mkdirSync(path.join(dir, '.750R0000000zxcvIAA.download-x'));
      fs.writeFileSync(path.join(dir, '.750R0000000zxcvIAA.download-x', 'a.csv'), 'x\n');
      fs.writeFileSync(path.join(root, 'README.md'), 'tracked\n');
      const status = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: root, encoding: 'utf8' });
      assert.deepStrictEqual(status.trim().split('\n'), ['?? README.md']);
    });

    it('removes a folder it created when only its .gitignore is in it', async () => {
      const unused = path.join(root, 'unused');
      const used = path.join(root, 'used');
      await ensureResultsFolder(unused);
      await ensureResultsFolder(used);
      fs.writeFileSync(path.join(used, 'a.csv'), 'x\n');
      await removeIfUnused(unused);
      await removeIfUnused(used);
      assert.deepStrictEqual(fs.readdirSync(root).sort(), ['used']);
    });
  });
});
