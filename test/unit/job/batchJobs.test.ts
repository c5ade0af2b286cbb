import * as assert from 'assert';
import { BATCH_CACHE_SIZE, BatchJobs, batchNotFoundMessage } from '../../../src/job/batchJobs';
import { translator } from '../../../src/job/format';

const JOB = '750R0000000zxcvIAA';
const batch = (n: number): { id: string; jobId: string } => ({ id: `751R00000${String(n).padStart(6, '0')}AAA`, jobId: JOB });

describe('job/batchJobs: the batch → job cache', () => {
  it('answers the job and org of every batch a listing showed', () => {
    const cache = new BatchJobs();
    cache.remember('me@acme.com', [batch(1), batch(2)]);
    assert.deepStrictEqual(cache.jobOf(batch(2).id), { orgKey: 'me@acme.com', jobId: JOB });
    assert.strictEqual(cache.jobOf(batch(3).id), undefined);
  });

  it(`is bounded (${BATCH_CACHE_SIZE} by default) and keeps the batches used most recently`, () => {
    const cache = new BatchJobs();
    cache.remember('org', Array.from({ length: BATCH_CACHE_SIZE }, (_, i) => batch(i)));
    assert.ok(cache.jobOf(batch(0).id), 'read: now recent');
    cache.remember('org', [batch(BATCH_CACHE_SIZE), batch(BATCH_CACHE_SIZE + 1)]);
    assert.strictEqual(cache.size, BATCH_CACHE_SIZE);
    assert.ok(cache.jobOf(batch(0).id));
    assert.strictEqual(cache.jobOf(batch(1).id), undefined, 'the oldest unused one went');
    assert.ok(cache.jobOf(batch(BATCH_CACHE_SIZE + 1).id));
  });

  it('says how far the search went when it gave up', () => {
    const t = translator(undefined);
    const gaveUp = batchNotFoundMessage(batch(1).id, 'acme', { searched: 50, gaveUp: true }, t);
    assert.match(gaveUp, /not found among the 50 most recent Bulk API 1\.0 jobs in acme; open it from Setup/);
    assert.match(batchNotFoundMessage(batch(1).id, 'acme', { searched: 3, gaveUp: false }, t), /No Bulk API 1\.0 job in acme has the batch/);
  });
});
