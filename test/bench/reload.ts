/**
 * Loading 1,000,000 rows (~100 MB of CSV, generated into a temp file as it is written) into the
 * emulator (in its own process) with `BulkClient.load` (Bulk 2.0: create, stream the upload,
 * UploadComplete), next to a bare `http` upload of the same file (create, PUT piped from the file,
 * PATCH), interleaved rounds, the best of each; this process's peak extra memory during the load;
 * and, for scale, the same file as Bulk 1.0 batches.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import { once } from 'events';
import * as iconv from 'iconv-lite';
import { BulkClient } from '../../src/salesforce/bulkClient';
import { detectFormat, encodingName, HEAD_BYTES } from '../../src/salesforce/load/fileFormat';
import { readingSnapshot, stillSnapshot, type FileSnapshot, verifiedStream } from '../../src/load/fileSnapshot';
import { startEmulatorProcess } from './emulatorProcess';
import type { Row } from './index';
import { mb, memorySampler, ms } from './stats';

const ROWS = 1_000_000;
const ROUNDS = 2;

/** Writes the CSV a block at a time (memory flat). Quoted commas and line breaks on some rows. */
async function writeCsv(file: string, rows: number, failedResults = false): Promise<number> {
  const out = fs.createWriteStream(file);
  out.write(`${failedResults ? 'sf__Id,sf__Error,' : ''}Name,AccountNumber,Phone,Tier__c,Description\n`);
  const sf = failedResults ? ',"REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --",' : '';
  for (let i = 0; i < rows; i += 1_000) {
    let block = '';
    for (let k = i; k < i + 1_000; k++) {
      const description = k % 50 === 0 ? `"Line one, with a comma\nline two ${k}"` : `Customer since ${2000 + (k % 25)} in region ${k % 97} (northern area)`;
      block += `${sf}Account ${k} Holdings,AN-${k},+1 555 ${String(k).padStart(7, '0')},${['Gold', 'Silver', 'Bronze'][k % 3]},${description}\n`;
    }
    if (!out.write(block)) {
      await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
  return fs.statSync(file).size;
}

function bareRequest(url: string, method: string, token: string, contentType: string, body: string | fs.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType, Accept: 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString('utf8');
      });
      res.on('end', () => ((res.statusCode ?? 0) < 300 ? resolve(text) : reject(new Error(`${method} ${url}: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    if (typeof body === 'string') {
      req.end(body);
    } else {
      body.pipe(req);
    }
  });
}

/** The same three requests with bare http: create, PUT the file as it is read, UploadComplete. */
async function bareLoad(base: string, token: string, file: string, csv = { lineEnding: 'LF', columnDelimiter: 'COMMA' }): Promise<void> {
  const job = JSON.parse(await bareRequest(`${base}/jobs/ingest`, 'POST', token, 'application/json', JSON.stringify({ object: 'Account', operation: 'insert', contentType: 'CSV', ...csv }))) as { id: string };
  await bareRequest(`${base}/jobs/ingest/${job.id}/batches`, 'PUT', token, 'text/csv', fs.createReadStream(file));
  await bareRequest(`${base}/jobs/ingest/${job.id}`, 'PATCH', token, 'application/json', JSON.stringify({ state: 'UploadComplete' }));
}

export async function benchReload(): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-reload-bench-'));
  const file = path.join(dir, 'accounts.csv');
  const emulator = await startEmulatorProcess();
  try {
    const genSampler = memorySampler();
    let t = performance.now();
    const bytes = await writeCsv(file, ROWS);
    const genMs = performance.now() - t;
    const genPeak = genSampler.stop();
    const client = new BulkClient({ instanceUrl: emulator.url, apiVersion: '64.0', getAccessToken: async () => emulator.token, timeoutMs: 120_000 });
    const base = `${emulator.url}/services/data/v64.0`;
    const bareTimes: number[] = [];
    const loadTimes: number[] = [];
    let peak = { rss: 0, heap: 0 };
    let jobs = 0;
    let rows = 0;
    for (let round = 0; round < ROUNDS; round++) {
      t = performance.now();
      await bareLoad(base, emulator.token, file);
      bareTimes.push(performance.now() - t);

      const sampler = memorySampler();
      t = performance.now();
      const result = await client.load({ flavour: '2.0', object: 'Account', operation: 'insert' }, () => fs.createReadStream(file));
      loadTimes.push(performance.now() - t);
      const p = sampler.stop();
      peak = { rss: Math.max(peak.rss, p.rss), heap: Math.max(peak.heap, p.heap) };
      jobs = result.jobs.length;
      rows = result.rows;
    }
    // A failed-results file: the sf__ columns are dropped on the way (every record re-written).
    const failedFile = path.join(dir, 'failed.csv');
    const failedBytes = await writeCsv(failedFile, ROWS / 2, true);
    const sentFile = path.join(dir, 'sent.csv'); // what the load sends of it: the same rows without the sf__ columns
    await writeCsv(sentFile, ROWS / 2);
    let bareFailed = Infinity;
    let loadFailed = Infinity;
    const dropSampler = memorySampler();
    for (let round = 0; round < ROUNDS; round++) {
      t = performance.now();
      await bareLoad(base, emulator.token, sentFile);
      bareFailed = Math.min(bareFailed, performance.now() - t);
      t = performance.now();
      await client.load({ flavour: '2.0', object: 'Account', operation: 'insert' }, () => fs.createReadStream(failedFile));
      loadFailed = Math.min(loadFailed, performance.now() - t);
    }
    const dropPeak = dropSampler.stop();
    t = performance.now();
    const classic = await client.load({ flavour: '1.0', object: 'Account', operation: 'insert' }, () => fs.createReadStream(file));
    const classicMs = performance.now() - t;
    const bare = Math.min(...bareTimes);
    const load = Math.min(...loadTimes);
    return [
      { name: `CSV generated: ${ROWS.toLocaleString('en')} rows`, value: `${mb(bytes)} in ${ms(genMs)} (peak extra rss ${mb(genPeak.rss)})` },
      { name: `bare http: create + PUT + close (best of ${ROUNDS})`, value: ms(bare) },
      { name: `BulkClient.load, 2.0 (best of ${ROUNDS})`, value: `${ms(load)} · ${rows.toLocaleString('en')} rows in ${jobs} job(s)` },
      { name: 'ratio load / bare http', value: `${(load / bare).toFixed(2)}×`, aim: '≤ 1.3×', met: load / bare <= 1.3 },
      { name: `failed-results file, ${(ROWS / 2).toLocaleString('en')} rows (${mb(failedBytes)}), sf__ dropped: load / bare http of what it sends (best of ${ROUNDS})`, value: `${ms(loadFailed)} / ${ms(bareFailed)} = ${(loadFailed / bareFailed).toFixed(2)}× (peak extra rss ${mb(dropPeak.rss)})`, aim: '≤ 1.5×', met: loadFailed / bareFailed <= 1.5 },
      { name: 'BulkClient.load, 1.0 (one round), for scale', value: `${ms(classicMs)} · ${classic.batches} batches, one after another` },
      { name: 'peak extra memory, load (rss)', value: `${mb(peak.rss)} (heap+external ${mb(peak.heap)})`, aim: '≤ 100 MB', met: peak.rss <= 100 * 1024 * 1024 },
    ];
  } finally {
    emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * An Excel save of 1,000,000 rows: Windows-1252, semicolons, CRLF, accents on every row. Reloaded as
 * the command does it (the file checked again as before a 2.0 upload, then `BulkClient.load` with the
 * detected format, re-encoding to UTF-8 as it reads and verifying the hash at the end), next to a bare `http`
 * upload of the converted bytes (the same rows as UTF-8, declared SEMICOLON / CRLF).
 */
export async function benchReloadExcel(): Promise<Row[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bulk-reload-excel-bench-'));
  const file = path.join(dir, 'accounts-1252.csv');
  const converted = path.join(dir, 'accounts-utf8.csv');
  const emulator = await startEmulatorProcess();
  try {
    const bytes = await writeExcelCsv(file, converted, ROWS);
    const head = fs.readFileSync(file).subarray(0, HEAD_BYTES);
    const format = detectFormat(head, false);
    const read = readingSnapshot(file); // taken by the preflight as it reads
    for await (const _chunk of read.chunks) {
      // hashed as it passes
    }
    const snapshot = read.snapshot() as FileSnapshot;
    const client = new BulkClient({ instanceUrl: emulator.url, apiVersion: '64.0', getAccessToken: async () => emulator.token, timeoutMs: 120_000 });
    const base = `${emulator.url}/services/data/v64.0`;
    const bareTimes: number[] = [];
    const loadTimes: number[] = [];
    let peak = { rss: 0, heap: 0 };
    let rows = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let t = performance.now();
      await bareLoad(base, emulator.token, converted, { columnDelimiter: 'SEMICOLON', lineEnding: 'CRLF' });
      bareTimes.push(performance.now() - t);
      const sampler = memorySampler();
      t = performance.now();
      if (!(await stillSnapshot(file, snapshot, true))) throw new Error('the file changed');
      const result = await client.load({ flavour: '2.0', object: 'Account', operation: 'insert' }, () => verifiedStream(file, snapshot), { format });
      loadTimes.push(performance.now() - t);
      const p = sampler.stop();
      peak = { rss: Math.max(peak.rss, p.rss), heap: Math.max(peak.heap, p.heap) };
      rows = result.rows;
    }
    const bare = Math.min(...bareTimes);
    const load = Math.min(...loadTimes);
    return [
      { name: `Excel save: ${ROWS.toLocaleString('en')} rows, ${encodingName(format)}, ${JSON.stringify(format.delimiter)}, ${format.lineEnding}`, value: mb(bytes) },
      { name: `bare http of the converted UTF-8 bytes (best of ${ROUNDS})`, value: ms(bare) },
      { name: `reload: file check + BulkClient.load re-encoding to UTF-8, hashed as read (best of ${ROUNDS})`, value: `${ms(load)} · ${rows.toLocaleString('en')} rows` },
      { name: 'ratio reload / bare http', value: `${(load / bare).toFixed(2)}×`, aim: '≤ 1.5×', met: load / bare <= 1.5 },
      { name: 'peak extra memory, reload (rss)', value: `${mb(peak.rss)} (heap+external ${mb(peak.heap)})`, aim: '≤ 100 MB', met: peak.rss <= 100 * 1024 * 1024 },
    ];
  } finally {
    emulator.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The Windows-1252 semicolon CRLF file and its UTF-8 conversion, a block at a time. */
export async function writeExcelCsv(file: string, converted: string | undefined, rows: number): Promise<number> {
  const out = fs.createWriteStream(file);
  const utf8 = converted ? fs.createWriteStream(converted) : undefined;
  const write = async (text: string): Promise<void> => {
    const waits: Array<Promise<unknown>> = [];
    if (!out.write(iconv.encode(text, 'windows1252'))) waits.push(once(out, 'drain'));
    if (utf8 && !utf8.write(text)) waits.push(once(utf8, 'drain'));
    await Promise.all(waits); // both listened to before either drains
  };
  await write('Name;AccountNumber;Phone;Tier__c;Description\r\n');
  const cities = ['Köln', 'São Paulo', 'Zürich', 'Málaga', 'Besançon'];
  for (let i = 0; i < rows; i += 1_000) {
    let block = '';
    for (let k = i; k < i + 1_000; k++) {
      const description = k % 50 === 0 ? `"Zeile eins; mit Semikolon\r\nZeile zwei ${k}"` : `Kunde seit ${2000 + (k % 25)} in ${cities[k % 5]} (Region ${k % 97})`;
      block += `Müller & Zoë ${k} GmbH;AN-${k};+49 221 ${String(k).padStart(7, '0')};${['Gold', 'Silver', 'Bronze'][k % 3]};${description}\r\n`;
    }
    await write(block);
  }
  const finished = [once(out, 'finish'), ...(utf8 ? [once(utf8, 'finish')] : [])];
  out.end();
  utf8?.end();
  await Promise.all(finished);
  return fs.statSync(file).size;
}
