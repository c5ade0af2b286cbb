import * as assert from 'assert';
import { parseBody } from '../../../src/salesforce/body';
import {
  normalizeBatchInfo,
  normalizeBatchInfoList,
  normalizeJob,
  normalizeJobInfo,
  normalizeJobListPage,
  toApiVersion,
  toIsoDate,
} from '../../../src/salesforce/normalize';
import type { BulkBatch } from '../../../src/salesforce/types';
import { BulkApiError } from '../../../src/salesforce/errors';
import { decodeXmlText, parseXml, XmlRefused } from '../../../src/salesforce/xml';
import { SEED_JSON, SEED_JSON_EXPECTED, SEED_XML, SEED_XML_EXPECTED } from './fixtures';

describe('salesforce/normalize', () => {
  describe('the seed page examples', () => {
    it('normalises the XML example exactly', () => {
      assert.deepStrictEqual(normalizeJobInfo(parseBody('application/xml', SEED_XML).value), SEED_XML_EXPECTED);
    });

    it('normalises the JSON example exactly', () => {
      assert.deepStrictEqual(normalizeJobInfo(parseBody('application/json', SEED_JSON).value), SEED_JSON_EXPECTED);
    });
  });

  describe('scalars', () => {
    it('dates become ISO-8601 UTC with milliseconds', () => {
      assert.strictEqual(toIsoDate('2015-12-15T20:45:25.000+0000'), '2015-12-15T20:45:25.000Z');
      assert.strictEqual(toIsoDate('2015-12-15T21:41:45.000Z'), '2015-12-15T21:41:45.000Z');
      assert.strictEqual(toIsoDate('2015-12-15T21:41:45Z'), '2015-12-15T21:41:45.000Z');
      assert.strictEqual(toIsoDate('2015-12-15T22:41:45.5+01:00'), '2015-12-15T21:41:45.500Z');
      assert.strictEqual(toIsoDate('2015-12-15T17:41:45.123-0400'), '2015-12-15T21:41:45.123Z');
      assert.strictEqual(toIsoDate('2015-12-15T21:41:45.1234567Z'), '2015-12-15T21:41:45.123Z');
      assert.strictEqual(toIsoDate('2015-02-31T00:00:00.000Z'), undefined);
      assert.strictEqual(toIsoDate('yesterday'), undefined);
      assert.strictEqual(toIsoDate(1450215705000), undefined);
    });

    it('apiVersion becomes a one-decimal string', () => {
      assert.strictEqual(toApiVersion(36), '36.0');
      assert.strictEqual(toApiVersion('36.0'), '36.0');
      assert.strictEqual(toApiVersion('64'), '64.0');
      assert.strictEqual(toApiVersion(62.5), '62.5');
      assert.strictEqual(toApiVersion('x'), undefined);
    });
  });

  describe('jobs', () => {
    it('keeps unknown fields, in XML as text and in JSON as sent; ids never become numbers', () => {
      const xml = `<?xml version="1.0" encoding="UTF-8"?><jobInfo xmlns="http://www.force.com/2009/06/asyncapi/dataload">
        <id>750D00000004SkLIAU</id><state>Closed</state><object>&lt;img src=x onerror=alert(1)&gt;</object>
        <assignmentRuleId>01Q000000000001</assignmentRuleId><parentJobId>0050000000000012</parentJobId>
        <newCounter>42</newCounter><newFlag>true</newFlag><newDate>2020-01-02T03:04:05.000+0000</newDate>
        <numberRecordsFailed>not a number</numberRecordsFailed><fastPathEnabled>false</fastPathEnabled>
        <externalIdFieldName></externalIdFieldName></jobInfo>`;
      const job = normalizeJobInfo(parseBody('application/xml', xml).value);
      assert.deepStrictEqual(job, {
        id: '750D00000004SkLIAU',
        flavour: '1.0',
        kind: 'classic',
        state: 'Closed',
        object: '<img src=x onerror=alert(1)>',
        assignmentRuleId: '01Q000000000001',
        fastPathEnabled: false,
        other: {
          parentJobId: '0050000000000012',
          newCounter: '42',
          newFlag: 'true',
          newDate: '2020-01-02T03:04:05.000Z',
          numberRecordsFailed: 'not a number',
        },
      });
      const json = normalizeJobInfo(JSON.parse('{"id":"750D00000004SkLIAU","state":"Open","newCounter":42,"nested":{"a":1},"gone":null}'));
      assert.deepStrictEqual(json.other, { newCounter: 42, nested: '{"a":1}', gone: null });
      const hostile = normalizeJobInfo(JSON.parse('{"id":"750D00000004SkLIAU","state":"Open","__proto__":{"polluted":1},"constructor":"x","toString":"y"}'));
      assert.strictEqual(Object.getPrototypeOf(hostile.other), Object.prototype);
      assert.deepStrictEqual(hostile.other, { toString: 'y' });
      assert.strictEqual(({} as Record<string, unknown>).polluted, undefined);
    });

    it('normalises a 2.0 ingest job: retries → numberRetries, apiVersion number → string', () => {
      const raw = {
        id: '7505fEXAMPLE4H1AAC',
        operation: 'upsert',
        object: 'Contact',
        createdById: '0055fEXAMPLEtG4AAI',
        createdDate: '2022-01-02T21:33:43.000+0000',
        systemModstamp: '2022-01-02T21:34:12.000+0000',
        state: 'JobComplete',
        externalIdFieldName: 'Email__c',
        concurrencyMode: 'Parallel',
        contentType: 'CSV',
        apiVersion: 64.0,
        jobType: 'V2Ingest',
        contentUrl: 'services/data/v64.0/jobs/ingest/7505fEXAMPLE4H1AAC/batches',
        lineEnding: 'LF',
        columnDelimiter: 'COMMA',
        numberRecordsProcessed: 5000,
        numberRecordsFailed: 123,
        retries: 0,
        totalProcessingTime: 3412,
        apiActiveProcessingTime: 3000,
        apexProcessingTime: 0,
        isPkChunkingSupported: true,
      };
      const { retries: _retries, ...rest } = raw;
      assert.deepStrictEqual(normalizeJob(raw, 'ingest'), {
        ...rest,
        createdDate: '2022-01-02T21:33:43.000Z',
        systemModstamp: '2022-01-02T21:34:12.000Z',
        apiVersion: '64.0',
        numberRetries: 0,
        flavour: '2.0',
        kind: 'ingest',
        other: {},
      });
    });

    it('a list row tagged Classic is a 1.0 job; V2Query a query job', () => {
      const page = normalizeJobListPage(
        {
          done: false,
          nextRecordsUrl: '/services/data/v64.0/jobs/query?queryLocator=01gXX',
          records: [
            { id: '750D00000004SkLIAU', state: 'Closed', jobType: 'Classic', apiVersion: 36.0 },
            { id: '750D00000004SkGIAU', state: 'JobComplete', jobType: 'V2Query', apiVersion: 64.0 },
            { id: '750D00000004SkMIAU', state: 'JobComplete', apiVersion: 64.0 },
          ],
        },
        'query',
      );
      assert.strictEqual(page.done, false);
      assert.strictEqual(page.nextRecordsUrl, '/services/data/v64.0/jobs/query?queryLocator=01gXX');
      assert.deepStrictEqual(
        page.jobs.map((j) => [j.flavour, j.kind]),
        [
          ['1.0', 'classic'],
          ['2.0', 'query'],
          ['2.0', 'query'],
        ],
      );
      assert.deepStrictEqual(normalizeJobListPage({ done: true, records: [], nextRecordsUrl: null }, 'ingest'), { jobs: [], done: true });
    });

    it('a job without id or state, or a list without records, is an unexpectedResponse', () => {
      assert.throws(() => normalizeJobInfo({ state: 'Open' }), (e: unknown) => e instanceof BulkApiError && e.kind === 'unexpectedResponse');
      assert.throws(() => normalizeJob([], 'ingest'), (e: unknown) => e instanceof BulkApiError && e.kind === 'unexpectedResponse');
      assert.throws(() => normalizeJobListPage({ done: true }, 'ingest'), (e: unknown) => e instanceof BulkApiError && e.kind === 'unexpectedResponse');
    });
  });

  describe('batches', () => {
    const b1 = `<batchInfo><id>751D00000004YGZIA2</id><jobId>750D00000004SkLIAU</jobId><state>Failed</state>
      <stateMessage>InvalidBatch : Field name not found : Birthdate__c</stateMessage><createdDate>2015-12-15T22:52:49.000Z</createdDate>
      <systemModstamp>2015-12-15T22:52:49.000Z</systemModstamp><numberRecordsProcessed>500</numberRecordsProcessed>
      <numberRecordsFailed>500</numberRecordsFailed><totalProcessingTime>10</totalProcessingTime>
      <apiActiveProcessingTime>9</apiActiveProcessingTime><apexProcessingTime>0</apexProcessingTime></batchInfo>`;
    const b1Expected: BulkBatch = {
      id: '751D00000004YGZIA2',
      jobId: '750D00000004SkLIAU',
      state: 'Failed',
      stateMessage: 'InvalidBatch : Field name not found : Birthdate__c',
      createdDate: '2015-12-15T22:52:49.000Z',
      systemModstamp: '2015-12-15T22:52:49.000Z',
      numberRecordsProcessed: 500,
      numberRecordsFailed: 500,
      totalProcessingTime: 10,
      apiActiveProcessingTime: 9,
      apexProcessingTime: 0,
      other: {},
    };
    const ns = 'xmlns="http://www.force.com/2009/06/asyncapi/dataload"';

    it('normalises one batchInfo (XML and JSON)', () => {
      assert.deepStrictEqual(normalizeBatchInfo(parseXml(b1.replace('<batchInfo>', `<batchInfo ${ns}>`))), b1Expected);
      const json = { id: '751D00000004YGZIA2', jobId: '750D00000004SkLIAU', state: 'Completed', numberRecordsProcessed: 3, createdDate: '2015-12-15T22:52:49.000+0000' };
      assert.deepStrictEqual(normalizeBatchInfo(json), { ...json, createdDate: '2015-12-15T22:52:49.000Z', other: {} });
    });

    it('normalises batchInfoList with zero, one and many batches', () => {
      assert.deepStrictEqual(normalizeBatchInfoList(parseXml(`<batchInfoList ${ns}/>`)), []);
      assert.deepStrictEqual(normalizeBatchInfoList(parseXml(`<batchInfoList ${ns}></batchInfoList>`)), []);
      assert.deepStrictEqual(normalizeBatchInfoList(parseXml(`<batchInfoList ${ns}>${b1}</batchInfoList>`)), [b1Expected]);
      assert.deepStrictEqual(normalizeBatchInfoList(parseXml(`<batchInfoList ${ns}>${b1}${b1}${b1}</batchInfoList>`)), [b1Expected, b1Expected, b1Expected]);
      assert.deepStrictEqual(
        normalizeBatchInfoList({ batchInfo: [{ id: '751D00000004YGZIA2', jobId: '750D00000004SkLIAU', state: 'Queued' }] }).map((b) => b.state),
        ['Queued'],
      );
      assert.deepStrictEqual(normalizeBatchInfoList({ batchInfo: [] }), []);
    });
  });

  describe('xml safety', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
      Array.from({ length: 8 }, (_, i) => `<!ENTITY lol${i + 3} "${`&lol${i + 2};`.repeat(10)}">`).join('') +
      ']><jobInfo><id>&lol9;</id></jobInfo>';

    it('refuses a billion-laughs body without expanding it', () => {
      assert.throws(() => parseXml(laughs), XmlRefused);
      assert.throws(() => parseBody('application/xml', laughs), /DOCTYPE/);
    });

    it('refuses external entities and lone ENTITY declarations', () => {
      const xxe = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><jobInfo><id>&xxe;</id></jobInfo>';
      assert.throws(() => parseXml(xxe), XmlRefused);
      assert.throws(() => parseXml('<jobInfo><!ENTITY x "y"></jobInfo>'), XmlRefused);
    });

    it('leaves undeclared entities as text and decodes only the predefined ones', () => {
      assert.strictEqual(decodeXmlText('&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&foo;&amp;lt;'), '<>&"\'AB&foo;&lt;');
      const parsed = parseXml('<jobInfo><object>&amp;lt;b&amp;gt;</object></jobInfo>');
      assert.deepStrictEqual(parsed, { jobInfo: { object: '&lt;b&gt;' } });
    });

    it('refuses truncated or malformed XML', () => {
      assert.throws(() => parseXml(SEED_XML.slice(0, 300)), XmlRefused);
      assert.throws(() => parseXml('<jobInfo><id>1</jobInfo>'), XmlRefused);
      assert.throws(() => parseXml(''), XmlRefused);
    });
  });
});
