/**
 * Paging a job list (`jobListPages`): with read-ahead the next page is asked for before this page's
 * rows are read; without it, only once the caller wants it (a caller that stops early asks for no
 * page it does not read). Loops, the page limit and a failing page behave the same either way.
 */
import * as assert from 'assert';
import { jobListPages, MAX_LIST_PAGES, type JobListPages, type ListedPage } from '../../../src/salesforce/bulk2';
import type { BulkJob } from '../../../src/salesforce/types';

/** Pages `p0 … p{count-1}` of one job each; `next` overrides where a page points; what happened, in order, in `log`. */
function fakePages(count: number, log: string[], next: (k: number) => string | undefined = (k) => (k + 1 < count ? `p${k + 1}` : undefined), failAt = -1): JobListPages {
  return {
    listPath: () => 'p0',
    listPage: async (_kind, path) => {
      log.push(`ask ${path}`);
      await new Promise((r) => setImmediate(r));
      const k = Number(path.slice(1));
      if (k === failAt) {
        throw new Error(`page ${k} failed`);
      }
      const nextPath = next(k);
      const page: ListedPage = {
        jobs: () => {
          log.push(`read ${path}`);
          return [{ id: `job${k}` } as BulkJob];
        },
      };
      return nextPath === undefined ? page : { ...page, nextPath };
    },
  };
}

async function ids(pages: AsyncIterable<BulkJob[]>, stopAfter = Infinity): Promise<string[]> {
  const out: string[] = [];
  for await (const jobs of pages) {
    out.push(...jobs.map((j) => j.id));
    if (out.length >= stopAfter) break;
  }
  return out;
}

describe('salesforce/bulk2 jobListPages', () => {
  it('with read-ahead, asks for the next page before reading this one\'s rows; every page once, in order', async () => {
    const log: string[] = [];
    assert.deepStrictEqual(await ids(jobListPages(fakePages(3, log), 'ingest', '', {}, { readAhead: true })), ['job0', 'job1', 'job2']);
    assert.deepStrictEqual(log, ['ask p0', 'ask p1', 'read p0', 'ask p2', 'read p1', 'read p2']);
  });

  it('without read-ahead, asks for a page only when the caller wants it: stopping early asks for nothing more', async () => {
    const log: string[] = [];
    assert.deepStrictEqual(await ids(jobListPages(fakePages(3, log), 'ingest', '', {}), 1), ['job0']);
    assert.deepStrictEqual(log, ['ask p0', 'read p0']);
  });

  it('stops at a page already read (a server that loops) and after MAX_LIST_PAGES, either way', async () => {
    for (const readAhead of [false, true]) {
      const looping = fakePages(3, [], (k) => `p${(k + 1) % 2}`);
      assert.deepStrictEqual(await ids(jobListPages(looping, 'query', '', {}, { readAhead })), ['job0', 'job1']);
      const endless = fakePages(1_000, []);
      assert.strictEqual((await ids(jobListPages(endless, 'query', '', {}, { readAhead }))).length, MAX_LIST_PAGES);
    }
  });

  it('a page that fails throws after the pages before it were handed out, either way; a read-ahead failure the caller never reaches is not left unhandled', async () => {
    for (const readAhead of [false, true]) {
      const seen: string[] = [];
      await assert.rejects(async () => {
        for await (const jobs of jobListPages(fakePages(4, [], undefined, 2), 'ingest', '', {}, { readAhead })) seen.push(...jobs.map((j) => j.id));
      }, /page 2 failed/);
      assert.deepStrictEqual(seen, ['job0', 'job1']);
    }
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => {
      unhandled.push(e);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      assert.deepStrictEqual(await ids(jobListPages(fakePages(4, [], undefined, 1), 'ingest', '', {}, { readAhead: true }), 1), ['job0']);
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    assert.deepStrictEqual(unhandled, []);
  });
});
