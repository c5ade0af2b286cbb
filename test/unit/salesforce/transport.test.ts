/**
 * The request loop under every fault the emulator can inject, and what the client makes of it:
 * kind, message, and how many requests it sent (from the emulator's request log); then the
 * `Sforce-Limit-Info` bookkeeping.
 */
import * as assert from 'assert';
import { BulkClient } from '../../../src/salesforce/bulkClient';
import { parseLimitInfo } from '../../../src/salesforce/transport';
import { DEMO_IDS, startEmulator, type Emulator, type FaultSpec } from '../../emulator';
import { clientFor, rejectsWith, tokenSource } from './fixtures';

const XML_JOB = DEMO_IDS.seedPageXml;
const JOB_PATH = `/services/async/64.0/job/${XML_JOB}`;
const V2_JOB = DEMO_IDS.v2IngestFailed;

describe('salesforce/transport with faults injected by the emulator', () => {
  let em: Emulator;
  let client: BulkClient;
  let logLines: string[];

  beforeEach(async () => {
    em = await startEmulator({ seed: 'demo' });
    logLines = [];
    client = clientFor(em, tokenSource(em), { maxRetries: 2, retryBaseMs: 5, log: (level, m) => logLines.push(`${level} ${m}`) });
  });

  afterEach(async () => {
    em.clearFaults();
    await em.close();
  });

  const fault = (spec: FaultSpec): void => {
    em.fault(spec);
  };
  const count = (): number => em.log.length;

  describe('timeouts and cancellation', () => {
    it('latency beyond the timeout is kind timeout, not retried, and says how long it waited', async () => {
      fault({ path: JOB_PATH, latencyMs: 1_000 });
      const started = Date.now();
      await rejectsWith(client.getJob(XML_JOB, { timeoutMs: 200 }), (e) => {
        assert.strictEqual(e.kind, 'timeout');
        assert.ok(e.transient);
        assert.strictEqual(e.message, `${em.username} did not answer within 0.2 s while getting the job ${XML_JOB}. Try again later, or allow more time in the settings.`);
      });
      assert.ok(Date.now() - started < 900, 'gave up at the deadline');
      assert.strictEqual(count(), 1);
    });

    it('latency within the timeout is fine', async () => {
      fault({ path: JOB_PATH, latencyMs: 50 });
      const job = await client.getJob(XML_JOB, { timeoutMs: 2_000 });
      assert.strictEqual(job.id, XML_JOB);
    });

    it('the client default timeout applies (30 s default, here 300 ms)', async () => {
      const c = clientFor(em, tokenSource(em), { timeoutMs: 300 });
      fault({ path: JOB_PATH, hang: true });
      await rejectsWith(c.getJob(XML_JOB), (e) => {
        assert.strictEqual(e.kind, 'timeout');
        assert.match(e.message, /within 0\.3 s/);
      });
    });

    it('a hung request is cancelled by the caller\'s signal', async () => {
      fault({ path: JOB_PATH, hang: true });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      const started = Date.now();
      await rejectsWith(client.getJob(XML_JOB, { signal: controller.signal, timeoutMs: 10_000 }), (e) => {
        assert.strictEqual(e.kind, 'cancelled');
        assert.ok(!e.transient);
      });
      assert.ok(Date.now() - started < 2_000);
      assert.strictEqual(count(), 1);
    });

    it('a slow token provider does not outlive a cancel', async () => {
      const c = new BulkClient({ instanceUrl: em.url, apiVersion: '64.0', getAccessToken: () => new Promise<string>(() => undefined) });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await rejectsWith(c.getJob(XML_JOB, { signal: controller.signal }), (e) => assert.strictEqual(e.kind, 'cancelled'));
      assert.strictEqual(count(), 0);
    });

    it('an already-aborted signal sends nothing', async () => {
      await rejectsWith(client.getJob(XML_JOB, { signal: AbortSignal.abort() }), (e) => assert.strictEqual(e.kind, 'cancelled'));
      assert.strictEqual(count(), 0);
    });

    it('abort during the retry backoff stops at once', async () => {
      const slow = clientFor(em, tokenSource(em), { retryBaseMs: 3_000 });
      fault({ path: JOB_PATH, status: 503 });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 150);
      const started = Date.now();
      await rejectsWith(slow.getJob(XML_JOB, { signal: controller.signal }), (e) => assert.strictEqual(e.kind, 'cancelled'));
      assert.ok(Date.now() - started < 1_500);
      assert.strictEqual(count(), 1);
    });
  });

  describe('5xx and web pages', () => {
    for (const status of [500, 502, 503]) {
      it(`HTML ${status} on a GET is retried twice, then unexpectedResponse without the page`, async () => {
        fault({ path: JOB_PATH, status });
        const e = await rejectsWith(client.getJob(XML_JOB), (err) => {
          assert.strictEqual(err.kind, 'unexpectedResponse');
          assert.strictEqual(err.status, status);
        });
        assert.strictEqual(
          e.message,
          `${em.username} answered with a web page instead of the Bulk API (HTTP ${status}). Salesforce may be under maintenance or a proxy is in the way; try again later.`,
        );
        assert.ok(!/[<>]|proxy\.emulator|scheduled maintenance|Service Unavailable|Bad Gateway|Internal Server Error/.test(e.message));
        assert.strictEqual(count(), 3);
      });
    }

    it('a 503 that clears up is retried into success', async () => {
      fault({ path: JOB_PATH, status: 503, times: 2 });
      const job = await client.getJob(XML_JOB);
      assert.strictEqual(job.id, XML_JOB);
      assert.deepStrictEqual(em.log.map((l) => l.status), [503, 503, 200]);
      assert.ok(logLines.some((l) => l.startsWith('warn') && l.includes('503')));
    });

    it('maxRetries 0 sends exactly one request', async () => {
      const once = clientFor(em, tokenSource(em), { maxRetries: 0 });
      fault({ path: JOB_PATH, status: 500 });
      await rejectsWith(once.getJob(XML_JOB), (e) => assert.strictEqual(e.status, 500));
      assert.strictEqual(count(), 1);
    });

    it('a POST is never retried on 5xx', async () => {
      await client.getJob(XML_JOB);
      em.clearLog();
      fault({ method: 'POST', path: JOB_PATH, status: 503 });
      await rejectsWith(client.closeJob(XML_JOB), (e) => assert.strictEqual(e.status, 503));
      assert.deepStrictEqual(em.log.map((l) => l.method), ['POST']);
    });

    it('a PATCH is never retried on a reset', async () => {
      await client.getJob(DEMO_IDS.v2IngestOpen);
      em.clearLog();
      fault({ method: 'PATCH', reset: true });
      await rejectsWith(client.abortJob(DEMO_IDS.v2IngestOpen), (e) => assert.strictEqual(e.kind, 'network'));
      assert.strictEqual(count(), 1);
    });

    it('429 is quotaExceeded and not retried', async () => {
      fault({ path: JOB_PATH, status: 429 });
      await rejectsWith(client.getJob(XML_JOB), (e) => {
        assert.strictEqual(e.kind, 'quotaExceeded');
        assert.strictEqual(e.message, `The org's daily Bulk API allowance is used up in ${em.username}. Try again later.`);
      });
      assert.strictEqual(count(), 1);
    });

    it('a 200 web page (a sign-in page) is unexpectedResponse, not retried', async () => {
      fault({ path: JOB_PATH, body: 'html' });
      await rejectsWith(client.getJob(XML_JOB), (e) => {
        assert.strictEqual(e.kind, 'unexpectedResponse');
        assert.match(e.message, /web page/);
      });
      assert.strictEqual(count(), 1);
    });
  });

  describe('broken bodies', () => {
    it('malformed XML is unexpectedResponse, not retried', async () => {
      fault({ path: JOB_PATH, body: 'malformed' });
      await rejectsWith(client.getJob(XML_JOB), (e) => {
        assert.strictEqual(e.kind, 'unexpectedResponse');
        assert.strictEqual(e.status, 200);
        assert.match(e.message, /could not be read/);
        assert.ok(e.message.includes(em.username));
      });
      assert.strictEqual(count(), 1);
    });

    it('malformed JSON (2.0) is unexpectedResponse', async () => {
      await client.getJob(V2_JOB);
      em.clearLog();
      fault({ path: `/jobs/ingest/${V2_JOB}`, body: 'malformed' });
      await rejectsWith(client.getJob(V2_JOB), (e) => assert.strictEqual(e.kind, 'unexpectedResponse'));
      assert.strictEqual(count(), 1);
    });

    it('an empty 200 body is unexpectedResponse', async () => {
      fault({ path: JOB_PATH, body: 'empty' });
      await rejectsWith(client.getJob(XML_JOB), (e) => {
        assert.strictEqual(e.kind, 'unexpectedResponse');
        assert.match(e.message, /empty answer/);
      });
    });

    const broken = [['truncated', 'cut off mid-way'], ['garbled', 'that arrives whole but whose gzip does not decode']] as const;
    for (const [body, what] of broken) {
      it(`a body ${what} is retried; if it keeps breaking, unexpectedResponse`, async () => {
        fault({ path: JOB_PATH, body });
        await rejectsWith(client.getJob(XML_JOB), (e) => {
          assert.strictEqual(e.kind, 'unexpectedResponse');
          assert.match(e.message, /broke off/);
        });
        assert.strictEqual(count(), 3);
      });

      it(`a single ${body} body is retried into success`, async () => {
        fault({ path: JOB_PATH, body, times: 1 });
        assert.strictEqual((await client.getJob(XML_JOB)).id, XML_JOB);
        assert.strictEqual(count(), 2);
      });
    }

    it('a truncated 2.0 list page is retried', async () => {
      fault({ path: '/jobs/ingest', body: 'truncated', times: 1 });
      const jobs = await client.listJobs();
      assert.ok(jobs.length > 10);
      assert.strictEqual(em.log.filter((l) => l.status === 0 || l.fault !== undefined).length, 1);
    });
  });

  describe('network', () => {
    it('a connection reset is retried twice, then network', async () => {
      fault({ path: JOB_PATH, reset: true });
      await rejectsWith(client.getJob(XML_JOB), (e) => {
        assert.strictEqual(e.kind, 'network');
        assert.ok(e.transient);
        assert.ok(e.message.startsWith(`Cannot reach ${em.url} (`), e.message);
        assert.ok(e.message.endsWith('Check your network or proxy settings (http.proxy).'));
      });
      assert.strictEqual(count(), 3);
    });

    it('one reset is retried into success', async () => {
      fault({ path: JOB_PATH, reset: true, times: 1 });
      assert.strictEqual((await client.getJob(XML_JOB)).id, XML_JOB);
      assert.strictEqual(count(), 2);
    });

    it('a closed port is network', async () => {
      const url = em.url;
      await em.close();
      const c = new BulkClient({ instanceUrl: url, apiVersion: '64.0', getAccessToken: async () => 't', retryBaseMs: 1, maxRetries: 1 });
      await rejectsWith(c.getJob(XML_JOB), (e) => {
        assert.strictEqual(e.kind, 'network');
        assert.match(e.message, /ECONNREFUSED/);
      });
      em = await startEmulator({ seed: 'empty' });
    });
  });

  describe('usage and transport', () => {
    it('reads Sforce-Limit-Info into lastApiUsage', async () => {
      const initial = client.lastApiUsage;
      assert.strictEqual(initial, undefined);
      const before = Date.now();
      await client.getJob(DEMO_IDS.seedPageXml);
      await client.getJob(DEMO_IDS.classicJson);
      const usage = client.lastApiUsage;
      assert.ok(usage);
      assert.strictEqual(usage.used, em.apiUsage);
      assert.strictEqual(usage.max, 15000);
      assert.ok(usage.at >= before);
    });

    it('reads apiUsage max from the header', async () => {
      const em2 = await startEmulator({ seed: 'demo', apiUsageMax: 5000 });
      try {
        const c = clientFor(em2, tokenSource(em2));
        await c.getJob(DEMO_IDS.seedPageXml);
        assert.deepStrictEqual([c.lastApiUsage?.used, c.lastApiUsage?.max], [1, 5000]);
      } finally {
        await em2.close();
      }
    });
  });

  it('parses Sforce-Limit-Info', () => {
    assert.deepStrictEqual(parseLimitInfo('api-usage=18/15000', 5), { used: 18, max: 15000, at: 5 });
    assert.deepStrictEqual(parseLimitInfo('per-app-api-usage=1/10(appName=x), api-usage=25/5000', 6), { used: 25, max: 5000, at: 6 });
    assert.strictEqual(parseLimitInfo(undefined, 1), undefined);
    assert.strictEqual(parseLimitInfo('nonsense', 1), undefined);
  });
});
