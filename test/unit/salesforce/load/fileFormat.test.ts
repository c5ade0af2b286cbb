/**
 * The file's encoding, delimiter and line ending (src/salesforce/load/fileFormat.ts), and the Excel
 * round trip over real HTTP: a failed-records file saved as Excel saves it (excelFixtures.ts) is
 * loaded into the emulator, which receives the exact UTF-8 text with every accent, in the job's
 * declared columnDelimiter and lineEnding (2.0) or re-written with commas (1.0). The emulator refuses
 * what Salesforce refuses: bytes that are not UTF-8, a line ending or a delimiter that is not the job's.
 */
import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import * as iconv from 'iconv-lite';
import type { BulkClient } from '../../../../src/salesforce/bulkClient';
import { CsvError, CsvParser } from '../../../../src/salesforce/csv';
import { decodedText, detectDelimiter, detectEncoding, detectFormat, detectLineEnding, encodingName, fileDecoder, sentShape, utf8Chunks } from '../../../../src/salesforce/load/fileFormat';
import type { LoadSpec } from '../../../../src/salesforce/types';
import { startEmulator, type Emulator } from '../../../emulator';
import type { Upload } from '../../../emulator/upload';
import { clientFor, tokenSource } from '../fixtures';
import { EXCEL_SAVES, SENT } from './excelFixtures';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Bytes cut into small chunks, so that characters and BOMs fall across chunk boundaries. */
function chunked(bytes: Buffer, size = 7): Readable {
  const parts: Buffer[] = [];
  for (let k = 0; k < bytes.length; k += size) parts.push(bytes.subarray(k, k + size));
  return Readable.from(parts);
}

function parse(text: string, delimiter: string): string[][] {
  const rows: string[][] = [];
  const p = new CsvParser(delimiter);
  p.push(text, rows);
  p.end(rows);
  return rows;
}

describe('salesforce/load/fileFormat: what a file to load is made of', () => {
  it('finds each Excel save: encoding, BOM, delimiter and CRLF', () => {
    const found = Object.fromEntries(Object.entries(EXCEL_SAVES).map(([name, save]) => {
      const f = detectFormat(save.bytes, true);
      return [name, [encodingName(f), f.delimiter, f.lineEnding]];
    }));
    assert.deepEqual(found, {
      'CSV (Comma delimited), English Windows': ['Windows-1252', ',', 'CRLF'],
      'CSV (Comma delimited), German Windows': ['Windows-1252', ';', 'CRLF'],
      'CSV UTF-8 (Comma delimited)': ['UTF-8 with BOM', ',', 'CRLF'],
      'Unicode Text': ['UTF-16 LE', '\t', 'CRLF'],
    });
  });

  it('the Windows-1252 fixture holds the bytes Excel writes (ü = FC, ã = E3, ë = EB), not UTF-8', () => {
    const bytes = EXCEL_SAVES['CSV (Comma delimited), German Windows'].bytes;
    assert.ok(bytes.includes(Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]))); // Müller
    assert.ok(bytes.includes(Buffer.from([0x53, 0xe3, 0x6f]))); // São
    assert.ok(bytes.includes(Buffer.from([0x5a, 0x6f, 0xeb]))); // Zoë
    assert.ok(!bytes.includes(Buffer.from('ü', 'utf8')));
  });

  it('UTF-8 without BOM, UTF-16 BE with BOM, and a UTF-8 character cut at the end of the head', () => {
    assert.deepEqual(detectEncoding(Buffer.from('Name\nMüller\n', 'utf8')), { encoding: 'utf8', bom: false, forced: false });
    assert.deepEqual(detectEncoding(Buffer.from([0xfe, 0xff, 0, 0x41])), { encoding: 'utf16be', bom: true, forced: false });
    const cut = Buffer.from('Name\nMü', 'utf8').subarray(0, -1);
    assert.equal(detectEncoding(cut).encoding, 'utf8');
    assert.equal(detectEncoding(Buffer.from('Name\nPlain ASCII\n')).encoding, 'utf8');
  });

  it('UTF-16 without a BOM (LE and BE) from its zero bytes, read with tabs and every accent; other files are not taken for it', async () => {
    const text = 'LastName\tFirstName\tCity\r\nMüller\tZoë\tKöln\r\nSmith\tAnn\tSão Paulo\r\n';
    for (const encoding of ['utf16le', 'utf16be'] as const) {
      const bytes = iconv.encode(text, encoding, { addBOM: false });
      assert.notEqual(bytes[0], 0xff, 'no BOM');
      const f = detectFormat(bytes, true);
      assert.deepEqual([f.encoding, f.bom, f.delimiter, f.lineEnding], [encoding, false, '\t', 'CRLF'], encoding);
      assert.equal(Buffer.concat(await collect(utf8Chunks(chunked(bytes, 5), f))).toString('utf8'), text, encoding);
    }
    assert.equal(detectEncoding(iconv.encode(text, 'windows1252')).encoding, 'windows1252');
    assert.equal(detectEncoding(Buffer.from(text, 'utf8')).encoding, 'utf8');
    assert.equal(detectEncoding(Buffer.from('a\0b\0', 'latin1')).encoding, 'utf8', 'too short to tell');
  });

  it('the setting forces the encoding (an unknown name is ignored)', () => {
    const utf8 = Buffer.from('Name\nMüller\n', 'utf8');
    assert.deepEqual(detectEncoding(utf8, 'windows1252'), { encoding: 'windows1252', bom: false, forced: true });
    assert.equal(detectEncoding(utf8, 'ebcdic-nonsense').forced, false);
  });

  it('the delimiter: the header\'s, checked on the first rows; a comma inside quotes does not count', () => {
    assert.equal(detectDelimiter('a;b;c\n1;2;3\n', true), ';');
    assert.equal(detectDelimiter('a|b\n1|2\n', true), '|');
    assert.equal(detectDelimiter('"x,y";b\n1;2\n', true), ';');
    assert.equal(detectDelimiter('Name;Note\nA;"1,5 kg, 2,5 kg"\n', true), ';');
    assert.equal(detectDelimiter('Name,Amount\nAcme,"1;2"\n', true), ',');
    assert.equal(detectDelimiter('Name\nAcme\n', true), ',', 'one column: comma');
    // `a,b;c` splits 2 ways with both; the rows agree only with `;`.
    assert.equal(detectDelimiter('a,b;c\nx;y\n', true), ';');
  });

  it('the line ending: CRLF only when the first break is CR LF', () => {
    assert.equal(detectLineEnding('a,b\r\n1,2\r\n'), 'CRLF');
    assert.equal(detectLineEnding('a,b\n1,2\r\n'), 'LF');
    assert.equal(detectLineEnding('a,b'), 'LF');
  });

  it('1.0 is sent with commas and LF whatever the file; 2.0 with the file\'s', () => {
    const f = detectFormat(EXCEL_SAVES['CSV (Comma delimited), German Windows'].bytes, true);
    assert.deepEqual(sentShape('1.0', f), { delimiter: ',', lineEnding: 'LF' });
    assert.deepEqual(sentShape('2.0', f), { delimiter: ';', lineEnding: 'CRLF' });
  });

  it('re-encodes any file as UTF-8 chunk by chunk, characters cut across chunks included', async () => {
    for (const [name, save] of Object.entries(EXCEL_SAVES)) {
      const out = Buffer.concat(await collect(utf8Chunks(chunked(save.bytes, 3), { encoding: save.encoding })));
      const text = out.toString('utf8').replace(/^\uFEFF/, '');
      assert.ok(text.includes('Müller GmbH') && text.includes('São Paulo') && text.includes('Zoë Brest'), name);
      assert.ok(!text.includes('\uFFFD'), name);
    }
  });

  it('decodes every single-byte code page exactly as iconv-lite does, byte for byte (the fast Latin-1 path replaces only where they differ)', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, b) => b));
    const pages = ['windows1250', 'windows1251', 'windows1252', 'windows1253', 'windows1254', 'windows1255', 'windows1256', 'windows1257', 'windows1258',
      'iso88591', 'iso88592', 'iso88595', 'iso88597', 'iso885915', 'koi8r', 'koi8u', 'maccyrillic', 'ibm866'];
    for (const page of pages) {
      assert.equal(fileDecoder(page).write(all), iconv.decode(all, page), page);
      assert.deepEqual(fileDecoder(page).writeUtf8(all), Buffer.from(iconv.decode(all, page), 'utf8'), `${page} as UTF-8`);
      const mixed = Buffer.from([0x41, 0x80, 0xc2, 0x9f, 0xa7, 0x84, 0x84, 0xe9, 0x0a, 0x8d, 0xff]); // C2 itself, neighbours, the end
      assert.deepEqual(fileDecoder(page).writeUtf8(mixed), Buffer.from(iconv.decode(mixed, page), 'utf8'), `${page}, mixed`);
    }
    assert.equal(fileDecoder('Windows-1252').write(Buffer.from([0x80, 0x84, 0x93, 0x96])), '€„“–', 'a forced name as people write it');
  });

  it('Windows-1252 with the characters it does not share with Latin-1 (€ „ “ – …) and with those it does (ü, ç), cut anywhere, re-encoded as UTF-8', async () => {
    const text = 'Name;Preis\r\n„Müller“ – Besançon;12 €…\r\nZürich ‰ Œuvre;ƒ 3\r\n';
    const bytes = iconv.encode(text, 'windows1252');
    for (const size of [1, 2, 5, 64]) {
      assert.equal(Buffer.concat(await collect(utf8Chunks(chunked(bytes, size), { encoding: 'windows1252' }))).toString('utf8'), text, `chunks of ${size}`);
      assert.equal((await collect(decodedText(chunked(bytes, size), { encoding: 'windows1252' }))).join(''), text, `chunks of ${size}`);
    }
  });

  it('decodes UTF-8 strictly: bytes that are not UTF-8 are a CsvError (encoding), never replaced', async () => {
    const bad = Buffer.concat([Buffer.from('Name\nok\n'), iconv.encode('Müller\n', 'windows1252')]);
    await assert.rejects(collect(decodedText(chunked(bad), { encoding: 'utf8' }, () => 3)), (e: unknown) => e instanceof CsvError && e.problem === 'encoding' && e.line === 3);
    assert.equal((await collect(decodedText(chunked(bad), { encoding: 'windows1252' }))).join(''), 'Name\nok\nMüller\n');
  });
});

describe('salesforce/load/fileFormat: the Excel round trip into the emulator', function () {
  let em: Emulator;
  let client: BulkClient;

  beforeEach(async () => {
    em = await startEmulator({ seed: 'empty' });
    client = clientFor(em, tokenSource(em));
  });
  afterEach(async () => {
    await em.close();
  });

  const uploadOf = (jobId: string): Upload => (em.jobs.get(jobId) as { upload: Upload }).upload;
  const jobOf = (jobId: string): { columnDelimiter?: string; lineEnding?: string } => em.jobs.get(jobId) as { columnDelimiter?: string; lineEnding?: string };

  for (const [name, save] of Object.entries(EXCEL_SAVES)) {
    it(`2.0, ${name}: the exact UTF-8 text arrives, accents intact, in the job's columnDelimiter and lineEnding`, async () => {
      const format = detectFormat(save.bytes, true);
      const spec: LoadSpec = { flavour: '2.0', object: 'Account', operation: 'insert' };
      const result = await client.load(spec, () => chunked(save.bytes, 5), { format });
      const jobId = result.jobs[0].id;
      assert.deepEqual([jobOf(jobId).columnDelimiter, jobOf(jobId).lineEnding], [save.columnDelimiter, 'CRLF']);
      const received = uploadOf(jobId).received as Buffer;
      const text = new TextDecoder('utf-8', { fatal: true }).decode(received); // throws on any byte that is not UTF-8
      assert.equal(received[0], 'N'.charCodeAt(0), 'no BOM');
      for (const word of ['Müller GmbH', 'Köln', 'João Silva', 'São Paulo', 'Zoë Brest']) assert.ok(text.includes(word), word);
      assert.equal(text.split('\r\n').length, 5, 'CRLF after every record');
      assert.deepEqual(parse(text, save.delimiter), [['Name', 'AccountNumber', 'Phone', 'Description'], ...SENT]);
      assert.equal(uploadOf(jobId).batchError, undefined);
      em.clock.advance(60_000);
      const job = await client.getJob(jobId);
      assert.deepEqual([job.state, job.numberRecordsProcessed, job.numberRecordsFailed], ['JobComplete', 3, 0]);
    });
  }

  it('1.0, the German save: one batch re-written as comma-separated UTF-8 with LF', async () => {
    const save = EXCEL_SAVES['CSV (Comma delimited), German Windows'];
    const format = detectFormat(save.bytes, true);
    const result = await client.load({ flavour: '1.0', object: 'Account', operation: 'insert' }, () => chunked(save.bytes, 5), { format });
    const job = em.jobs.get(result.jobs[0].id) as { batches: Array<{ upload: Upload }> };
    const text = new TextDecoder('utf-8', { fatal: true }).decode(job.batches[0].upload.received);
    assert.equal(text, 'Name,AccountNumber,Phone,Description\nMüller GmbH,12345,+49 221 1234567,Köln; Rheinland\nJoão Silva,00042,+55 11 5555 0000,São Paulo\nZoë Brest,1.23457E+15,+33 1 23 45 67 89,"Paris, ""7e"""\n');
  });

  it('the emulator refuses what the old load sent: Windows-1252 bytes declared UTF-8 fail the job', async () => {
    const bytes = iconv.encode('Name,Description\nMüller GmbH,Köln\n', 'windows1252');
    const result = await client.load({ flavour: '2.0', object: 'Account', operation: 'insert' }, () => Readable.from([bytes]));
    em.clock.advance(60_000);
    const job = await client.getJob(result.jobs[0].id);
    assert.equal(job.state, 'Failed');
    assert.match(job.errorMessage ?? '', /not valid UTF-8/);
  });

  it('the emulator refuses a line ending and a delimiter that are not the job\'s, in Salesforce\'s words', async () => {
    const endpoints = (client as unknown as { loads: { createJob: (...a: unknown[]) => Promise<{ id: string }>; upload: (id: string, d: Readable, o: object) => Promise<void> } }).loads;
    const crlfIntoLf = await endpoints.createJob({ flavour: '2.0', object: 'Account', operation: 'insert' }, {}, { delimiter: ',', lineEnding: 'LF' });
    await endpoints.upload(crlfIntoLf.id, Readable.from([Buffer.from('Name\r\nAcme\r\n')]), {});
    assert.equal(uploadOf(crlfIntoLf.id).batchError, 'ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is LF');
    const semicolonsIntoComma = await endpoints.createJob({ flavour: '2.0', object: 'Account', operation: 'insert' }, {}, { delimiter: ',', lineEnding: 'LF' });
    await endpoints.upload(semicolonsIntoComma.id, Readable.from([Buffer.from('Name;Phone\nAcme;1\n')]), {});
    assert.equal(uploadOf(semicolonsIntoComma.id).batchError, 'InvalidBatch : Field name not found : Name;Phone');
  });
});
