/**
 * The CSV cut into Bulk API parts and batches as it is read (src/salesforce/load/split.ts): the documented
 * limits (10,000 records and 10,000,000 bytes per 1.0 batch, 100 MB per 2.0 part), whole records
 * only (quoted line breaks), the header repeated, `sf__*` columns dropped.
 */
import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { LIMITS, MAX_LOAD_RECORD, splitCsv, type CsvSlice, type SplitLimits } from '../../../../src/salesforce/load/split';
import { csvRecords } from '../../../../src/salesforce/csv';

/** Chunks of `size` bytes, so that cuts fall anywhere (inside quotes, between CR and LF). */
function chunks(text: string | Buffer, size = 7): Readable {
  const buf = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  return Readable.from((function* () {
    for (let i = 0; i < buf.length; i += size) {
      yield buf.subarray(i, i + size);
    }
  })());
}

async function parts(source: Readable, limits: SplitLimits, drop?: (h: string) => boolean): Promise<Array<{ text: string; rows: number }>> {
  const out: Array<{ text: string; rows: number }> = [];
  for await (const slice of splitCsv(source, limits, drop) as AsyncIterable<CsvSlice>) {
    if (slice.first) {
      assert.equal(slice.part, out.length, 'parts are numbered in order');
      out.push({ text: '', rows: 0 });
    }
    out[out.length - 1].text += slice.data.toString('utf8');
    out[out.length - 1].rows += slice.rows;
  }
  return out;
}

async function records(text: string): Promise<string[][]> {
  const all: string[][] = [];
  for await (const rows of csvRecords(Readable.from([text]))) {
    all.push(...rows);
  }
  return all;
}

describe('salesforce/load: splitting a CSV into parts and batches', () => {
  it('1.0: 25,000 rows become batches of 10,000, 10,000 and 5,000, each starting with the header', async () => {
    const csv = `Name,Phone\n${Array.from({ length: 25_000 }, (_, i) => `Acme ${i},555-${i}`).join('\n')}\n`;
    const got = await parts(chunks(csv, 65_536), LIMITS['1.0']);
    assert.deepEqual(got.map((p) => p.rows), [10_000, 10_000, 5_000]);
    for (const p of got) {
      assert.ok(p.text.startsWith('Name,Phone\n'));
    }
    assert.equal(got[1].text.split('\n')[1], 'Acme 10000,555-10000', 'no row lost or repeated at the cut');
  });

  it('1.0: a batch never exceeds 10,000,000 bytes, and the cut falls between records', async () => {
    const value = 'x'.repeat(2_000);
    const csv = `Name,Description\n${Array.from({ length: 6_000 }, (_, i) => `n${i},${value}`).join('\n')}`;
    const got = await parts(chunks(csv, 65_536), LIMITS['1.0']);
    assert.ok(got.length >= 2);
    for (const p of got) {
      assert.ok(Buffer.byteLength(p.text) <= 10_000_000, `${Buffer.byteLength(p.text)} bytes`);
      assert.ok(p.text.endsWith(`${value}\n`));
    }
    assert.equal(got.reduce((n, p) => n + p.rows, 0), 6_000);
  });

  it('2.0: parts of at most 100 MB (the docs\' limit per upload), and no row limit', async () => {
    const row = `${'y'.repeat(1_000)}\n`;
    const count = 110_000; // ~110 MB
    const source = Readable.from((function* () {
      yield Buffer.from('Description\n');
      const block = Buffer.from(row.repeat(1_000));
      for (let i = 0; i < count / 1_000; i++) {
        yield block;
      }
    })());
    const sizes: number[] = [];
    const rows: number[] = [];
    for await (const slice of splitCsv(source, LIMITS['2.0'])) {
      if (slice.first) {
        sizes.push(0);
        rows.push(0);
      }
      sizes[sizes.length - 1] += slice.data.length;
      rows[rows.length - 1] += slice.rows;
    }
    assert.equal(sizes.length, 2);
    assert.ok(sizes[0] <= 100 * 1024 * 1024 && sizes[0] > 100 * 1024 * 1024 - row.length - 20, String(sizes[0]));
    assert.equal(rows[0] + rows[1], count);
  });

  it('quoted line breaks, quotes and commas stay inside their record, whatever the chunking; CRLF becomes LF', async () => {
    const csv = '\uFEFFName,Description\r\n"A","line one\r\nline two"\r\n"B, Inc.","say ""hi"""\r\nC,plain\r\n';
    for (const size of [1, 2, 3, 5, 64]) {
      const got = await parts(chunks(csv, size), { maxRows: 2, maxBytes: 1_000 });
      assert.deepEqual(got.map((p) => p.rows), [2, 1], `chunks of ${size}`);
      assert.deepEqual(await records(got[0].text), [['Name', 'Description'], ['A', 'line one\r\nline two'], ['B, Inc.', 'say "hi"']]);
      assert.deepEqual(await records(got[1].text), [['Name', 'Description'], ['C', 'plain']]);
    }
  });

  it('drops the sf__ columns of a failed-results file by default (or what the caller says), re-quoting what needs it', async () => {
    const csv = '"sf__Id","sf__Error","Name","Description"\n"","REQUIRED_FIELD_MISSING:x:Name --","Acme","a, b"\n';
    const [p] = await parts(chunks(csv), LIMITS['2.0']);
    assert.equal(p.text, 'Name,Description\n"Acme","a, b"\n', 'the leading sf__ fields cut off the bytes; the rest as the file has it');
    const [q] = await parts(chunks(csv), LIMITS['2.0'], (h) => h === 'Description');
    assert.deepEqual(await records(q.text), [['sf__Id', 'sf__Error', 'Name'], ['', 'REQUIRED_FIELD_MISSING:x:Name --', 'Acme']]);
  });

  it('cuts the leading sf__ fields by bytes to the same records as re-writing them would, whatever they quote (2.0, any chunking)', async () => {
    const csv = 'sf__Id;sf__Error;Name;Description\r\n'
      + '001;"REQUIRED_FIELD_MISSING:a; b ""c""\r\nline two:Name --";Müller;"x; y"\r\n'
      + '"";plain;Zoë;\r\n'
      + '002\r\n'
      + ';;;\r\n';
    const sent = { delimiter: ';' as const, lineEnding: 'CRLF' as const };
    for (const size of [1, 3, 7, 64]) {
      const got: string[] = [];
      for await (const slice of splitCsv(chunks(csv, size), LIMITS['2.0'], undefined, ';', sent)) got.push(slice.data.toString('utf8'));
      assert.equal(got.join(''), 'Name;Description\r\nMüller;"x; y"\r\nZoë;\r\n;\r\n;\r\n', `chunks of ${size}: a row with nothing after the sf__ fields sends its values empty`);
    }
    // 1.0 takes commas: the same rows re-written (the other path), the same values.
    const classic: string[] = [];
    for await (const slice of splitCsv(chunks(csv), LIMITS['1.0'], undefined, ';')) classic.push(slice.data.toString('utf8'));
    assert.deepEqual(await records(classic.join('')), [['Name', 'Description'], ['Müller', 'x; y'], ['Zoë', ''], ['', ''], ['', '']]);
  });

  it('a stray quote in a leading sf__ field stops the split at its line, as anywhere else', async () => {
    await assert.rejects(parts(chunks('sf__Id,sf__Error,Name\n001,5" pipe,Acme\n'), LIMITS['2.0']), /Line 2, column 6: a quote inside a field/);
  });

  it('a record larger than the limit, an empty file and an unclosed quote are errors', async () => {
    await assert.rejects(parts(chunks(`Name\n${'z'.repeat(200)}\n`), { maxRows: 10, maxBytes: 100 }), /larger than the Bulk API allows/);
    await assert.rejects(parts(chunks(''), LIMITS['2.0']), /empty/);
    await assert.rejects(parts(chunks('Name\n"open\n'), LIMITS['2.0']), /quote was never closed/);
  });

  it('drops sf__ columns by the one rule: any case, spaces around the name ignored', async () => {
    const [p] = await parts(chunks(' SF__Id ,sf__error,Name\n001,oops,Acme\n'), LIMITS['2.0']);
    assert.equal(p.text, 'Name\nAcme\n');
  });

  it('a stray quote stops the split at its line (the reader the preflight uses), and a quote never closed stops it once a record is longer than MAX_LOAD_RECORD', async () => {
    await assert.rejects(parts(chunks('Name,Size\nA,1\nB,5" pipe\n'), LIMITS['2.0']), /Line 3, column 4: a quote inside a field/);
    let pulled = 0;
    const endless = Readable.from((function* () {
      yield Buffer.from('Name\n"never closed\n');
      const chunk = Buffer.alloc(64 * 1024, 'x');
      for (let k = 0; k < 1_000; k++) {
        pulled++;
        yield chunk;
      }
    })());
    await assert.rejects(parts(endless, LIMITS['2.0']), /line 2 is longer than 2000000 characters: a quote is probably never closed/);
    assert.ok(pulled <= Math.ceil(MAX_LOAD_RECORD / (64 * 1024)) + 2, `${pulled} chunks of 64 KB read`);
  });

  it('a header without rows gives no part at all', async () => {
    assert.deepEqual(await parts(chunks('Name,Phone\n'), LIMITS['1.0']), []);
  });
});
