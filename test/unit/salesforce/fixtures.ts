/** Shared fixtures of the api-*.test.ts files: the seed page examples and emulator helpers. */
import * as assert from 'assert';
import { BulkClient } from '../../../src/salesforce/bulkClient';
import { BulkApiError } from '../../../src/salesforce/errors';
import type { BulkClientOptions, BulkJob } from '../../../src/salesforce/types';
import { startEmulator, type Emulator } from '../../emulator';

/** The seed page's XML example, verbatim. */
export const SEED_XML = `<?xml version="1.0" encoding="UTF-8"?>
<jobInfo
    xmlns="http://www.force.com/2009/06/asyncapi/dataload">
  <id>750D00000004SkLIAU</id>
  <operation>insert</operation>
  <object>Account</object>
  <createdById>005D0000001b0fFIAQ</createdById>
  <createdDate>2015-12-15T21:41:45.000Z</createdDate>
  <systemModstamp>2015-12-15T21:41:45.000Z</systemModstamp>
  <state>Open</state>
  <concurrencyMode>Parallel</concurrencyMode>
  <contentType>CSV</contentType>
  <numberBatchesQueued>0</numberBatchesQueued>
  <numberBatchesInProgress>0</numberBatchesInProgress>
  <numberBatchesCompleted>0</numberBatchesCompleted>
  <numberBatchesFailed>0</numberBatchesFailed>
  <numberBatchesTotal>0</numberBatchesTotal>
  <numberRecordsProcessed>0</numberRecordsProcessed>
  <numberRetries>0</numberRetries>
  <apiVersion>36.0</apiVersion>
  <numberRecordsFailed>0</numberRecordsFailed>
  <totalProcessingTime>0</totalProcessingTime>
  <apiActiveProcessingTime>0</apiActiveProcessingTime>
  <apexProcessingTime>0</apexProcessingTime>
</jobInfo>`;

/** The seed page's JSON example, verbatim. */
export const SEED_JSON = `{
   "apexProcessingTime" : 0,
   "apiActiveProcessingTime" : 0,
   "apiVersion" : 36.0,
   "concurrencyMode" : "Parallel",
   "contentType" : "JSON",
   "createdById" : "005D0000001b0fFIAQ",
   "createdDate" : "2015-12-15T20:45:25.000+0000",
   "id" : "750D00000004SkGIAU",
   "numberBatchesCompleted" : 0,
   "numberBatchesFailed" : 0,
   "numberBatchesInProgress" : 0,
   "numberBatchesQueued" : 0,
   "numberBatchesTotal" : 0,
   "numberRecordsFailed" : 0,
   "numberRecordsProcessed" : 0,
   "numberRetries" : 0,
   "object" : "Account",
   "operation" : "insert",
   "state" : "Open",
   "systemModstamp" : "2015-12-15T20:45:25.000+0000",
   "totalProcessingTime" : 0
}`;

export const SEED_XML_EXPECTED: BulkJob = {
  id: '750D00000004SkLIAU',
  flavour: '1.0',
  kind: 'classic',
  operation: 'insert',
  object: 'Account',
  createdById: '005D0000001b0fFIAQ',
  createdDate: '2015-12-15T21:41:45.000Z',
  systemModstamp: '2015-12-15T21:41:45.000Z',
  state: 'Open',
  concurrencyMode: 'Parallel',
  contentType: 'CSV',
  numberBatchesQueued: 0,
  numberBatchesInProgress: 0,
  numberBatchesCompleted: 0,
  numberBatchesFailed: 0,
  numberBatchesTotal: 0,
  numberRecordsProcessed: 0,
  numberRetries: 0,
  apiVersion: '36.0',
  numberRecordsFailed: 0,
  totalProcessingTime: 0,
  apiActiveProcessingTime: 0,
  apexProcessingTime: 0,
  other: {},
};

export const SEED_JSON_EXPECTED: BulkJob = {
  id: '750D00000004SkGIAU',
  flavour: '1.0',
  kind: 'classic',
  apexProcessingTime: 0,
  apiActiveProcessingTime: 0,
  apiVersion: '36.0',
  concurrencyMode: 'Parallel',
  contentType: 'JSON',
  createdById: '005D0000001b0fFIAQ',
  createdDate: '2015-12-15T20:45:25.000Z',
  numberBatchesCompleted: 0,
  numberBatchesFailed: 0,
  numberBatchesInProgress: 0,
  numberBatchesQueued: 0,
  numberBatchesTotal: 0,
  numberRecordsFailed: 0,
  numberRecordsProcessed: 0,
  numberRetries: 0,
  object: 'Account',
  operation: 'insert',
  state: 'Open',
  systemModstamp: '2015-12-15T20:45:25.000Z',
  totalProcessingTime: 0,
  other: {},
};

export interface TokenSource {
  /** `true` for each refresh request, `false` for each plain one. */
  calls: boolean[];
  get(refresh: boolean): Promise<string>;
}

/** Hands out the emulator's current token; a refresh issues a new one (unless `stale`). */
export function tokenSource(em: Emulator, stale = false): TokenSource {
  const calls: boolean[] = [];
  return {
    calls,
    get: async (refresh) => {
      calls.push(refresh);
      return refresh && !stale ? em.issueToken() : em.token;
    },
  };
}

export function clientFor(em: Emulator, tokens: TokenSource, extra: Partial<BulkClientOptions> = {}): BulkClient {
  return new BulkClient({
    instanceUrl: em.url,
    apiVersion: '64.0',
    getAccessToken: (refresh) => tokens.get(refresh),
    orgLabel: em.username,
    retryBaseMs: 5,
    ...extra,
  });
}

/** A demo emulator (7 jobs a page), its token source and a client on it. */
export interface DemoClient {
  em: Emulator;
  tokens: TokenSource;
  client: BulkClient;
}

/** Before each test of the enclosing `describe`: a fresh `DemoClient`, handed to `use`; after it: the emulator closed. */
export function demoClientPerTest(use: (demo: DemoClient) => void): void {
  let em: Emulator | undefined;
  beforeEach(async () => {
    em = await startEmulator({ seed: 'demo', pageSize: 7 } as Parameters<typeof startEmulator>[0]);
    const tokens = tokenSource(em);
    use({ em, tokens, client: clientFor(em, tokens) });
  });
  afterEach(async () => {
    await em?.close();
  });
}

/** The requests the emulator received, as `METHOD /path`. */
export function requestPaths(em: Emulator): string[] {
  return em.log.map((e) => `${e.method} ${e.path}`);
}

export async function rejectsWith(p: Promise<unknown>, check: (e: BulkApiError) => void): Promise<BulkApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof BulkApiError, `expected a BulkApiError, got ${String(e)}`);
    check(e);
    return e;
  }
  assert.fail('expected the call to fail');
}


/** Waits (up to 2 s) until the emulator has no request in flight (a closed request ends on its side a moment later); true if it got there. */
export async function noneInFlight(em: Emulator): Promise<boolean> {
  for (let i = 0; i < 40; i++) {
    em.resetConcurrency(); // the peak becomes what is in flight now
    if (em.maxConcurrent === 0) {
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
