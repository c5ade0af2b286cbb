/**
 * The hover's API budget: what hovering unknown ids sends to the emulator (counted in its request
 * log), through the hover's own core (`HoverAnswers`, as the provider calls it), and what one
 * "Find its job" click sends (the client's bounded search, then the job with its batches, as the
 * command does). "Before" is what the hover used to do for every unknown batch id: the same search.
 */
import { BulkClient } from '../../src/salesforce/bulkClient';
import { findBulkIds, to18, type FoundId } from '../../src/salesforce/ids';
import { BatchJobs } from '../../src/job/batchJobs';
import { translator } from '../../src/job/format';
import type { HoverContent } from '../../src/hover/hoverMarkdown';
import { MissCache } from '../../src/hover/missCache';
import { HoverAnswers } from '../../src/hover/hoverAnswers';
import { startEmulator, type Emulator } from '../emulator';
import { MemoryStore, oneOrg } from '../unit/hover/memoryStore';
import type { Row } from './index';

const ORG = { key: 'demo@bulk-emulator.example', label: 'emu' };
const CLASSIC_JOBS = 120;
/** The batch clicked belongs to the 20th most recent of these (the seed's Classic jobs are newer still). */
const CLICKED_RANK = 20;

function found(id: string): FoundId {
  return findBulkIds(id)[0];
}

/** `n` distinct, valid 751 ids that no job has. */
function unknownIds(prefix: '750' | '751', n: number): FoundId[] {
  return Array.from({ length: n }, (_, i) => found(to18(`${prefix}D0000009${String(i).padStart(4, '0')}`)));
}

function client(em: Emulator): BulkClient {
  return new BulkClient({ instanceUrl: em.url, apiVersion: '64.0', getAccessToken: async () => em.token, maxRetries: 0 });
}

export async function benchHover(): Promise<Row[]> {
  // Listing pages of 1,000 rows, as Salesforce's (the emulator's default is 25).
  const em = await startEmulator({ seed: 'demo', clock: 'manual', pageSize: 1_000 });
  try {
    const now = em.clock.now();
    const jobs = Array.from({ length: CLASSIC_JOBS }, (_, i) => em.jobs.create1({
      state: 'Closed', createdAt: now - (CLASSIC_JOBS - i) * 60_000, batches: [{ state: 'Completed' }, { state: 'Completed' }],
    }));
    const [clicked] = await client(em).listBatches(jobs[CLASSIC_JOBS - CLICKED_RANK]);

    const api = client(em);
    const store = new MemoryStore(api);
    const batches = new BatchJobs();
    const answers = new HoverAnswers({ store, orgs: oneOrg(ORG), batches, misses: new MissCache<HoverContent>(), t: translator(undefined) });

    em.clearLog();
    for (const id of unknownIds('751', 100)) {
      await answers.answer(id);
    }
    const hoverRequests = em.log.length;

    em.clearLog();
    await answers.answer(found(clicked.id)); // the hover, then the click:
    const search = await api.findJobOfBatch(clicked.id);
    if (search.jobId) {
      const entry = await store.refresh({ orgKey: ORG.key, jobId: search.jobId }, { withBatches: true });
      batches.remember(ORG.key, entry.batches ?? []);
    }
    const clickRequests = em.log.length;
    const clickListings = em.log.filter((e) => e.path.endsWith('/batch')).length;
    em.clearLog();
    const after = await answers.answer(found(clicked.id));
    const againRequests = em.log.length;

    em.clearLog();
    const gaveUp = await client(em).findJobOfBatch(unknownIds('751', 1)[0].id18);
    const missRequests = em.log.length;

    const jobIds = unknownIds('750', 100);
    em.clearLog();
    for (const id of jobIds) {
      await answers.answer(id);
    }
    const firstJobPass = em.log.length;
    em.clearLog();
    for (const id of jobIds) {
      await answers.answer(id);
    }
    const secondJobPass = em.log.length;

    return [
      { name: 'hover over 100 unknown 751 ids: requests', value: String(hoverRequests), aim: '0 without a click', met: hoverRequests === 0 },
      { name: `before: every such hover searched (${CLASSIC_JOBS} Classic jobs)`, value: `${missRequests} requests each` },
      { name: 'one "Find its job" click (an older job): requests', value: `${clickRequests} (${clickListings} batch listings)`, aim: '≤ 50 batch listings', met: search.jobId !== undefined && clickListings <= 50 },
      { name: 'the same batch hovered after the click: requests', value: `${againRequests} (${after?.kind})`, aim: '0', met: againRequests === 0 && after?.kind === 'jobs' },
      { name: 'a batch no job has: the search gives up after', value: `${gaveUp.searched} batch listings (gaveUp ${gaveUp.gaveUp})`, aim: '≤ 50', met: gaveUp.searched <= 50 },
      { name: 'hover over 100 unknown 750 ids: first pass, requests', value: String(firstJobPass) },
      { name: 'the same 100 unknown 750 ids again (within 10 min)', value: String(secondJobPass), aim: '0', met: secondJobPass === 0 },
    ];
  } finally {
    await em.close();
  }
}
