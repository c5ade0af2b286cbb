import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { publishTemp, removeTemp, writeFileAtomic } from '../../../src/util/atomicWrite';

describe('util/atomicWrite', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'atomic-'));
  });
  afterEach(async () => {
    await fs.promises.rm(dir, { recursive: true, force: true });
  });

  it('writes the whole file under its name, replacing an older one, and leaves no temporary file', async () => {
    const file = path.join(dir, 'a.json');
    await fs.promises.writeFile(file, 'old');
    await writeFileAtomic(file, 'new');
    assert.strictEqual(await fs.promises.readFile(file, 'utf8'), 'new');
    assert.deepStrictEqual(await fs.promises.readdir(dir), ['a.json']);
  });

  it('a failed write throws, keeps the older file and removes its temporary file', async () => {
    const file = path.join(dir, 'a.json');
    await fs.promises.mkdir(file); // a folder of that name: the rename fails
    await assert.rejects(writeFileAtomic(file, 'new'));
    assert.strictEqual((await fs.promises.stat(file)).isDirectory(), true);
    assert.deepStrictEqual(await fs.promises.readdir(dir), ['a.json']);
  });

  it('publishTemp gives a temporary file its name; removeTemp removes one, or nothing', async () => {
    const temp = path.join(dir, 'b.csv.partial');
    await fs.promises.writeFile(temp, 'x');
    await publishTemp(temp, path.join(dir, 'b.csv'));
    assert.deepStrictEqual(await fs.promises.readdir(dir), ['b.csv']);
    await removeTemp(path.join(dir, 'b.csv'));
    await removeTemp(path.join(dir, 'missing'));
    assert.deepStrictEqual(await fs.promises.readdir(dir), []);
  });
});
