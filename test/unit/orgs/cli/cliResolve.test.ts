import * as assert from 'assert';
import { CliLookup, CliResolver, pathEntries, resolveCli } from '../../../../src/orgs/cli/cliResolve';

/** A lookup on a pretend disk: `files` are the executables that exist (compared exactly). */
function lookup(over: Partial<CliLookup> & { files: string[] }): CliLookup & { checked: string[] } {
  const checked: string[] = [];
  const files = new Set(over.files);
  return {
    command: 'sf', platform: 'linux', env: {}, workspaceFolders: [], homeDir: '/home/me',
    ...over,
    checked,
    isExecutable: (f) => { checked.push(f); return files.has(f); },
  };
}

describe('orgs: finding the Salesforce CLI', () => {
  describe('on Windows', () => {
    const win = (over: Partial<CliLookup> & { files: string[] }) => lookup({ platform: 'win32', homeDir: 'C:\\Users\\me', ...over });

    it('finds sf.cmd through PATHEXT, with Path spelled any way', () => {
      for (const key of ['PATH', 'Path', 'path']) {
        const l = win({ env: { [key]: 'C:\\Windows\\System32;C:\\Program Files\\sf\\bin' }, files: ['C:\\Program Files\\sf\\bin\\sf.CMD'] });
        assert.deepStrictEqual(resolveCli(l), { ok: true, file: 'C:\\Program Files\\sf\\bin\\sf.CMD' }, key);
      }
    });

    it('tries the PATHEXT extensions in order, in each folder in order, and never the bare name', () => {
      const l = win({ env: { Path: 'C:\\a;C:\\b', PATHEXT: '.EXE;.CMD' }, files: ['C:\\b\\sf.EXE', 'C:\\a\\sf.CMD', 'C:\\a\\sf'] });
      assert.deepStrictEqual(resolveCli(l), { ok: true, file: 'C:\\a\\sf.CMD' });
      assert.deepStrictEqual(l.checked, ['C:\\a\\sf.EXE', 'C:\\a\\sf.CMD']);
    });

    it('uses .COM;.EXE;.BAT;.CMD when PATHEXT is not set, and reads PATHEXT in any case', () => {
      const l = win({ env: { Path: 'C:\\a' }, files: [] });
      resolveCli(l);
      assert.deepStrictEqual(l.checked, ['C:\\a\\sf.COM', 'C:\\a\\sf.EXE', 'C:\\a\\sf.BAT', 'C:\\a\\sf.CMD']);
      const own = win({ env: { Path: 'C:\\a', pathext: '.CMD' }, files: [] });
      resolveCli(own);
      assert.deepStrictEqual(own.checked, ['C:\\a\\sf.CMD']);
    });

    it('reads quoted PATH entries, with spaces and even a ; inside the quotes', () => {
      assert.deepStrictEqual(pathEntries({ Path: '"C:\\Program Files\\sf\\bin";C:\\x;"C:\\odd;dir"' }, true),
        ['C:\\Program Files\\sf\\bin', 'C:\\x', 'C:\\odd;dir']);
      const l = win({ env: { Path: '"C:\\Program Files\\sf\\bin"' }, files: ['C:\\Program Files\\sf\\bin\\sf.CMD'] });
      assert.deepStrictEqual(resolveCli(l), { ok: true, file: 'C:\\Program Files\\sf\\bin\\sf.CMD' });
    });

    it('skips a workspace folder on PATH, compared without regard to case or separators', () => {
      const l = win({
        env: { Path: 'c:\\users\\me\\project\\bin;C:/Users/Me/Project/node_modules/.bin;C:\\Users\\me\\Project\\;C:\\tools' },
        workspaceFolders: ['C:\\Users\\me\\Project'],
        files: ['c:\\users\\me\\project\\bin\\sf.EXE', 'C:\\Users\\me\\Project\\node_modules\\.bin\\sf.CMD', 'C:\\Users\\me\\Project\\sf.EXE', 'C:\\tools\\sf.CMD'],
      });
      assert.deepStrictEqual(resolveCli(l), { ok: true, file: 'C:\\tools\\sf.CMD' });
      assert.ok(l.checked.every((f) => f.startsWith('C:\\tools\\')), l.checked.join(', '));
    });

    it('does not take a folder that only starts like a workspace folder for one inside it', () => {
      const l = win({ env: { Path: 'C:\\work\\project-tools' }, workspaceFolders: ['C:\\work\\project'], files: ['C:\\work\\project-tools\\sf.CMD'] });
      assert.deepStrictEqual(resolveCli(l), { ok: true, file: 'C:\\work\\project-tools\\sf.CMD' });
    });

    it('never looks in the current folder: . , empty, relative and drive-relative entries are skipped', () => {
      const l = win({ env: { Path: '.;;bin;.\\tools;\\rooted;C:relative;D:\\sf' }, workspaceFolders: ['C:\\ws'], files: ['D:\\sf\\sf.CMD'] });
      assert.deepStrictEqual(resolveCli(l), { ok: true, file: 'D:\\sf\\sf.CMD' });
      assert.ok(l.checked.every((f) => f.startsWith('D:\\sf\\')), l.checked.join(', '));
    });

    it('never chooses an sf.exe planted in the workspace, even with no other sf', () => {
      const l = win({ env: { Path: 'C:\\ws;.' }, workspaceFolders: ['C:\\ws'], files: ['C:\\ws\\sf.exe', 'C:\\ws\\sf.EXE'] });
      assert.deepStrictEqual(resolveCli(l), { ok: false, problem: 'notFound', detail: 'sf' });
      assert.deepStrictEqual(l.checked, []);
    });

    it('uses an absolute cliPath as is, trying PATHEXT when it has no extension', () => {
      assert.deepStrictEqual(resolveCli(win({ command: 'D:\\sf\\bin\\sf.cmd', files: ['D:\\sf\\bin\\sf.cmd'] })), { ok: true, file: 'D:\\sf\\bin\\sf.cmd' });
      assert.deepStrictEqual(resolveCli(win({ command: 'D:\\sf\\bin\\sf', files: ['D:\\sf\\bin\\sf.CMD'] })), { ok: true, file: 'D:\\sf\\bin\\sf.CMD' });
      assert.deepStrictEqual(resolveCli(win({ command: '\\\\server\\share\\sf.exe', files: ['\\\\server\\share\\sf.exe'] })), { ok: true, file: '\\\\server\\share\\sf.exe' });
      assert.deepStrictEqual(resolveCli(win({ command: '~\\sf\\sf.cmd', files: ['C:\\Users\\me\\sf\\sf.cmd'] })), { ok: true, file: 'C:\\Users\\me\\sf\\sf.cmd' });
      assert.deepStrictEqual(resolveCli(win({ command: 'D:\\nowhere\\sf', files: [] })), { ok: false, problem: 'notFound', detail: 'D:\\nowhere\\sf' });
    });

    it('takes a cliPath pasted in quotes, as "Copy as path" gives it (one pair stripped)', () => {
      const file = 'C:\\Program Files\\sf\\bin\\sf.cmd';
      for (const command of [`"${file}"`, ` "${file}" `, `'${file}'`]) {
        assert.deepStrictEqual(resolveCli(win({ command, files: [file] })), { ok: true, file }, command);
      }
      assert.deepStrictEqual(resolveCli(win({ command: `""${file}""`, files: [file] })).ok, false, 'only one pair');
      assert.deepStrictEqual(resolveCli(win({ command: '"sf"', env: { Path: 'C:\\tools' }, files: ['C:\\tools\\sf.CMD'] })), { ok: true, file: 'C:\\tools\\sf.CMD' });
    });

    it('refuses a relative cliPath', () => {
      for (const command of ['.\\sf.cmd', 'bin\\sf', 'node_modules/.bin/sf', 'C:sf.cmd', '\\sf\\sf.cmd']) {
        const l = win({ command, env: { Path: 'C:\\tools' }, files: ['C:\\tools\\sf.CMD'] });
        assert.deepStrictEqual(resolveCli(l), { ok: false, problem: 'relativePath', detail: command }, command);
        assert.deepStrictEqual(l.checked, [], command);
      }
    });
  });

  for (const platform of ['darwin', 'linux'] as const) {
    describe(`on ${platform}`, () => {
      it('finds sf on PATH, first folder first, with spaces in names', () => {
        const l = lookup({ platform, env: { PATH: '/usr/bin:/opt/my tools/bin:/usr/local/bin' }, files: ['/opt/my tools/bin/sf', '/usr/local/bin/sf'] });
        assert.deepStrictEqual(resolveCli(l), { ok: true, file: '/opt/my tools/bin/sf' });
      });

      it('skips ., empty, relative entries and workspace folders, and never the bare name', () => {
        const l = lookup({
          platform, env: { PATH: '.::bin:./x:/ws/app/node_modules/.bin:/ws/app:/usr/local/bin' }, workspaceFolders: ['/ws/app/'],
          files: ['sf', './sf', 'bin/sf', '/ws/app/node_modules/.bin/sf', '/ws/app/sf', '/usr/local/bin/sf'],
        });
        assert.deepStrictEqual(resolveCli(l), { ok: true, file: '/usr/local/bin/sf' });
        assert.deepStrictEqual(l.checked, ['/usr/local/bin/sf']);
      });

      it('only reads PATH in upper case, and says so when sf is nowhere', () => {
        assert.deepStrictEqual(resolveCli(lookup({ platform, env: { Path: '/usr/local/bin' }, files: ['/usr/local/bin/sf'] })),
          { ok: false, problem: 'notFound', detail: 'sf' });
      });

      it('takes a cliPath pasted in quotes (one pair stripped), spaces kept', () => {
        for (const command of ['"/opt/my tools/sf"', "'/opt/my tools/sf'"]) {
          assert.deepStrictEqual(resolveCli(lookup({ platform, command, files: ['/opt/my tools/sf'] })), { ok: true, file: '/opt/my tools/sf' }, command);
        }
        assert.equal(resolveCli(lookup({ platform, command: '"/opt/sf\'', files: ['/opt/sf'] })).ok, false, 'quotes that do not pair stay');
      });

      it('uses an absolute cliPath as is (and ~/ for the home folder), and refuses a relative one', () => {
        assert.deepStrictEqual(resolveCli(lookup({ platform, command: '/opt/sf/bin/sf', files: ['/opt/sf/bin/sf'] })), { ok: true, file: '/opt/sf/bin/sf' });
        assert.deepStrictEqual(resolveCli(lookup({ platform, command: '~/.npm/bin/sf', files: ['/home/me/.npm/bin/sf'] })), { ok: true, file: '/home/me/.npm/bin/sf' });
        for (const command of ['./sf', 'bin/sf', 'node_modules/.bin/sf', '~user/sf']) {
          const l = lookup({ platform, command, env: { PATH: '/usr/bin' }, files: ['/usr/bin/sf'] });
          assert.deepStrictEqual(resolveCli(l), { ok: false, problem: 'relativePath', detail: command }, command);
          assert.deepStrictEqual(l.checked, [], command);
        }
      });
    });
  }

  it('compares workspace folders by case on Linux, and without on macOS', () => {
    const env = { PATH: '/Work/App/bin:/usr/bin' };
    const files = ['/Work/App/bin/sf', '/usr/bin/sf'];
    assert.deepStrictEqual(resolveCli(lookup({ platform: 'linux', env, workspaceFolders: ['/work/app'], files })), { ok: true, file: '/Work/App/bin/sf' });
    assert.deepStrictEqual(resolveCli(lookup({ platform: 'darwin', env, workspaceFolders: ['/work/app'], files })), { ok: true, file: '/usr/bin/sf' });
  });

  describe('the cache', () => {
    it('checks the disk once per command and PATH, again when PATH changes or after clear()', () => {
      const checked: string[] = [];
      const resolver = new CliResolver((f) => { checked.push(f); return f === '/a/sf' || f === '/b/sf'; });
      const base = { command: 'sf', platform: 'linux' as const, workspaceFolders: [], homeDir: '/home/me' };
      assert.deepStrictEqual(resolver.resolve({ ...base, env: { PATH: '/a' } }), { ok: true, file: '/a/sf' });
      resolver.resolve({ ...base, env: { PATH: '/a' } });
      assert.deepStrictEqual(checked, ['/a/sf']);
      assert.deepStrictEqual(resolver.resolve({ ...base, env: { PATH: '/b' } }), { ok: true, file: '/b/sf' });
      resolver.clear();
      resolver.resolve({ ...base, env: { PATH: '/a' } });
      assert.deepStrictEqual(checked, ['/a/sf', '/b/sf', '/a/sf']);
    });

    it('does not remember a miss, so an sf installed meanwhile is found', () => {
      let installed = false;
      const resolver = new CliResolver((f) => installed && f === '/a/sf');
      const l = { command: 'sf', platform: 'linux' as const, env: { PATH: '/a' }, workspaceFolders: [], homeDir: '/home/me' };
      assert.strictEqual(resolver.resolve(l).ok, false);
      installed = true;
      assert.deepStrictEqual(resolver.resolve(l), { ok: true, file: '/a/sf' });
    });
  });
});
