import * as assert from 'assert';
import { lazy } from '../../../src/util/lazy';

describe('util/lazy', () => {
  it('loads once, shares the load between callers and reports its time once', async () => {
    let loads = 0;
    const reported: string[] = [];
    const get = lazy('thing', async () => ({ n: ++loads }), (name, ms) => reported.push(`${name} ${ms >= 0}`));
    const [a, b] = await Promise.all([get(), get()]);
    assert.strictEqual(a, b);
    assert.strictEqual((await get()).n, 1);
    assert.deepStrictEqual(reported, ['thing true']);
  });

  it('tries again after a failed load', async () => {
    let calls = 0;
    const get = lazy('flaky', async () => {
      calls++;
      if (calls === 1) throw new Error('chunk missing');
      return 'ok';
    }, () => undefined);
    await assert.rejects(get(), /chunk missing/);
    assert.strictEqual(await get(), 'ok');
  });
});
