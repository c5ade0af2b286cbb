/**
 * The request plumbing (`http.ts`) against the emulator: gzip asked for and decoded, and streamed
 * responses through the same plumbing.
 */
import * as assert from 'assert';
import { createHttpClient } from '../../../src/salesforce/http';
import { DEMO_IDS, startEmulator, type Emulator } from '../../emulator';

const JOB_PATH = `/services/async/64.0/job/${DEMO_IDS.seedPageXml}`;
const V2_JOB = DEMO_IDS.v2IngestFailed;

describe('salesforce/http', () => {
  let em: Emulator;

  beforeEach(async () => {
    em = await startEmulator({ seed: 'demo' });
  });

  afterEach(async () => {
    await em.close();
  });

  describe('http plumbing', () => {
    it('asks for gzip and decodes it (the emulator gzips only when asked)', async () => {
      const http = createHttpClient();
      const res = await http.send({
        method: 'GET',
        url: `${em.url}${JOB_PATH}`,
        headers: { 'X-SFDC-Session': em.token, Accept: 'application/xml' },
        timeoutMs: 5_000,
      });
      assert.strictEqual(res.status, 200);
      assert.strictEqual(res.headers.vary, 'Accept-Encoding');
      assert.strictEqual(res.contentType, 'application/xml');
      assert.match(res.body, /^<\?xml[\s\S]*<id>750D00000004SkLIAU<\/id>/);
    });

    it('decodes a big gzipped body (2.6 MB of it, decoded off the main thread) to what the same request reads unencoded', async () => {
      const http = createHttpClient();
      const get = (encoding: string) => http.send({
        method: 'GET',
        url: `${em.url}/services/data/v64.0/jobs/ingest/${DEMO_IDS.bigIngest}/successfulResults`,
        headers: { Authorization: `Bearer ${em.token}`, Accept: 'text/csv', 'Accept-Encoding': encoding },
        timeoutMs: 30_000,
      });
      const [zipped, plain] = [await get('gzip'), await get('identity')];
      assert.strictEqual(zipped.headers['content-encoding'], undefined, 'the body handed on is not encoded');
      assert.strictEqual(plain.headers['content-encoding'], undefined);
      assert.ok(zipped.body.length > 10_000_000, `${zipped.body.length} characters`);
      assert.ok(zipped.body === plain.body, 'the same text');
    });

    it('streams a response through the same plumbing', async () => {
      const http = createHttpClient();
      const res = await http.openStream({
        method: 'GET',
        url: `${em.url}/services/data/v64.0/jobs/ingest/${V2_JOB}`,
        headers: { Authorization: `Bearer ${em.token}`, Accept: 'application/json' },
        timeoutMs: 5_000,
      });
      const chunks: Buffer[] = [];
      for await (const c of res.body) {
        chunks.push(c as Buffer);
      }
      res.release();
      assert.strictEqual(res.status, 200);
      assert.strictEqual(JSON.parse(Buffer.concat(chunks).toString('utf8')).id, V2_JOB);
    });
  });
});
