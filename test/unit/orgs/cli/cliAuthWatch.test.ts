import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cliAuthFolder, watchCliAuth } from '../../../../src/orgs/cli/cliAuthWatch';

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('orgs/cliAuthWatch', () => {
  it('the CLI keeps its auth files in ~/.sfdx', () => {
    assert.strictEqual(cliAuthFolder('/home/ada'), path.join('/home/ada', '.sfdx'));
  });

  it('a login written into the real folder is noticed once, after the writes settle', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'sfdx-'));
    let calls = 0;
    const w = watchCliAuth(folder, () => calls++, { quietMs: 50, minGapMs: 0, ours: () => false });
    try {
      fs.writeFileSync(path.join(folder, 'ada@example.com.json'), '{}');
      fs.writeFileSync(path.join(folder, 'alias.json'), '{}');
      await wait(400);
      assert.strictEqual(calls, 1);
    } finally {
      w.dispose();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('changes of our own CLI calls (a token refresh) are ignored', async () => {
    let listener: () => void = () => undefined;
    let calls = 0;
    const w = watchCliAuth('/x', () => calls++, { quietMs: 10, minGapMs: 0, ours: () => true, watch: (_f, l) => { listener = l; return { close: () => undefined }; } });
    listener();
    await wait(50);
    w.dispose();
    assert.strictEqual(calls, 0);
  });

  it('a change soon after the last one waits for the gap instead of being dropped', async () => {
    let listener: () => void = () => undefined;
    const at: number[] = [];
    const started = Date.now();
    const w = watchCliAuth('/x', () => at.push(Date.now() - started), { quietMs: 10, minGapMs: 150, ours: () => false, watch: (_f, l) => { listener = l; return { close: () => undefined }; } });
    listener();
    await wait(40);
    listener();
    await wait(300);
    w.dispose();
    assert.strictEqual(at.length, 2);
    assert.ok(at[1] - at[0] >= 140, `second run ${at[1] - at[0]} ms after the first`);
  });

  it('a folder that does not exist (the CLI never logged in) is no error, and dispose stops a pending call', async () => {
    const w = watchCliAuth(path.join(os.tmpdir(), 'no-such-sfdx-folder-here'), () => assert.fail('called'), { quietMs: 10, minGapMs: 0, ours: () => false });
    w.dispose();
    let listener: () => void = () => undefined;
    let calls = 0;
    const w2 = watchCliAuth('/x', () => calls++, { quietMs: 30, minGapMs: 0, ours: () => false, watch: (_f, l) => { listener = l; return { close: () => undefined }; } });
    listener();
    w2.dispose();
    await wait(80);
    assert.strictEqual(calls, 0);
  });
});
