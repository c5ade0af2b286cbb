/**
 * The streaming CSV reader/writer (RFC 4180): quoting round trips (property-based), chunk
 * boundaries anywhere (inside quotes, between CR and LF, inside a UTF-8 character), BOMs, and
 * malformed input.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { CsvByteSplitter, csvByteRecords, csvField, CsvError, CsvParser, csvRecords, csvRow, parseCsvRecord } from '../../../src/salesforce/csv';
import { chunksOf, collect } from './results/chunks';

function parseAll(text: string, cuts: number[] = []): string[][] {
  const parser = new CsvParser();
  const out: string[][] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    parser.push(text.slice(from, cut), out);
    from = cut;
  }
  parser.push(text.slice(from), out);
  parser.end(out);
  return out;
}

/** Raw records of `text` split from its UTF-8 bytes cut at `cuts` (byte offsets), decoded for comparing. */
function splitAll(text: string, cuts: number[] = []): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const splitter = new CsvByteSplitter();
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    splitter.push(bytes.subarray(from, cut), out);
    from = cut;
  }
  splitter.push(bytes.subarray(from), out);
  splitter.end(out);
  return out.map((r) => r.toString('utf8'));
}

/** Field text: commas, quotes, CR, LF, non-Latin letters and emoji are all likely. */
const fieldArb = fc.string({
  unit: fc.oneof(
    fc.constantFrom(',', '"', '\r', '\n', '\r\n', ' ', 'a', 'Z', '0', 'é', '東', '🚀', 'ß', '\t'),
    fc.string({ unit: 'grapheme', maxLength: 3 }),
  ),
  maxLength: 12,
});
const tableArb = fc.integer({ min: 1, max: 5 }).chain((width) =>
  fc.array(fc.array(fieldArb, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 12 }),
);

describe('salesforce/csv', () => {
  it('reads quoted fields with commas, doubled quotes and CR/LF inside, and every line ending', () => {
    const text = 'a,b,c\r\n"1,2","say ""hi""","x\r\ny"\n3,,"" \rlast,"",end';
    assert.deepStrictEqual(parseAll(text), [
      ['a', 'b', 'c'],
      ['1,2', 'say "hi"', 'x\r\ny'],
      ['3', '', ' '],
      ['last', '', 'end'],
    ]);
  });

  it('skips blank lines but keeps a record of one empty quoted field', () => {
    assert.deepStrictEqual(parseAll('a\n\n""\n\r\nb\n'), [['a'], [''], ['b']]);
    assert.deepStrictEqual(splitAll('a\n\n""\n\r\nb\n'), ['a', '""', 'b']);
  });

  it('gives the same records whatever the chunk boundaries (every cut of a tricky text)', () => {
    const text = '"a""b",c\r\n"x\r\ny","",z\r"q",\n';
    const expected = parseAll(text);
    const expectedRaw = splitAll(text);
    for (let cut = 0; cut <= text.length; cut++) {
      for (let cut2 = cut; cut2 <= text.length; cut2 += 3) {
        assert.deepStrictEqual(parseAll(text, [cut, cut2]), expected, `cuts ${cut},${cut2}`);
        assert.deepStrictEqual(splitAll(text, [cut, cut2]), expectedRaw, `raw cuts ${cut},${cut2}`);
      }
    }
    assert.deepStrictEqual(expected, [['a"b', 'c'], ['x\r\ny', '', 'z'], ['q', '']]);
  });

  it('refuses a quote that is never closed', () => {
    assert.throws(() => parseAll('a,"b\nc'), CsvError);
    assert.throws(() => splitAll('a,"b\nc'), CsvError);
  });

  it('quotes only what needs it, and a lone empty field as ""', () => {
    assert.strictEqual(csvField('plain'), 'plain');
    assert.strictEqual(csvField('a,b'), '"a,b"');
    assert.strictEqual(csvField('say "x"'), '"say ""x"""');
    assert.strictEqual(csvField('l1\nl2'), '"l1\nl2"');
    assert.strictEqual(csvRow(['', '']), ',\n');
    assert.strictEqual(csvRow(['']), '""\n');
  });

  it('round-trips any table through the writer and the streaming parser, cut anywhere (property)', () => {
    fc.assert(
      fc.property(tableArb, fc.array(fc.nat(), { maxLength: 6 }), (table, rawCuts) => {
        const text = table.map(csvRow).join('');
        const cuts = rawCuts.map((c) => c % (text.length + 1));
        const parsed = parseAll(text, cuts);
        assert.deepStrictEqual(parsed, table);
        // Raw records re-parse to the same fields, and copied as they are give the same text.
        const raw = splitAll(text, rawCuts.map((c) => c % (Buffer.byteLength(text) + 1)));
        assert.deepStrictEqual(raw.map((r) => parseCsvRecord(r)), table);
        assert.strictEqual(raw.map((r) => `${r}\n`).join(''), text);
      }),
      { numRuns: 400 },
    );
  });

  it('decodes UTF-8 cut inside a character and drops a BOM (property over byte cuts)', async () => {
    await fc.assert(
      fc.asyncProperty(tableArb, fc.array(fc.nat(), { maxLength: 8 }), async (table, rawCuts) => {
        const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(table.map(csvRow).join(''), 'utf8')]);
        const cuts = rawCuts.map((c) => c % (bytes.length + 1));
        assert.deepStrictEqual(await collect(csvRecords(chunksOf(bytes, cuts))), table);
        const raw = await collect(csvByteRecords(chunksOf(bytes, cuts)));
        assert.deepStrictEqual(raw.map((r) => parseCsvRecord(r.toString('utf8'))), table);
      }),
      { numRuns: 200 },
    );
  });

  it('reads another delimiter (Bulk 2.0 PIPE, TAB …)', () => {
    const parser = new CsvParser('|');
    const out: string[][] = [];
    parser.push('a|"b|c"|d,e\n', out);
    parser.end(out);
    assert.deepStrictEqual(out, [['a', 'b|c', 'd,e']]);
    assert.throws(() => new CsvParser('"'), CsvError);
  });
  it('says where each field starts (1-based line and column, quoted line breaks and blank lines counted)', () => {
    const parser = new CsvParser();
    const out: string[][] = [];
    const starts: number[][] = [];
    parser.push('a,b\r\n\n"x\r\ny",z\n"p\rq","r""",s', out, starts);
    parser.end(out, starts);
    assert.deepStrictEqual(out, [['a', 'b'], ['x\r\ny', 'z'], ['p\rq', 'r"', 's']]);
    assert.deepStrictEqual(starts, [[1, 1, 1, 3], [3, 1, 4, 4], [5, 1, 6, 4, 6, 10]]);
  });

  it('gives the same positions wherever the text is cut', () => {
    fc.assert(
      fc.property(tableArb, fc.array(fc.nat(), { maxLength: 8 }), (table, rawCuts) => {
        const text = table.map(csvRow).join('').replace(/\n/g, (m, at: number) => (at % 3 === 0 ? '\r\n' : m));
        const whole = new CsvParser();
        const expected: number[][] = [];
        whole.push(text, [], expected);
        whole.end([], expected);
        const cuts = [...new Set(rawCuts.map((c) => c % (text.length + 1)))].sort((x, y) => x - y);
        const cut = new CsvParser();
        const actual: number[][] = [];
        let from = 0;
        for (const at of [...cuts, text.length]) {
          cut.push(text.slice(from, at), [], actual);
          from = at;
        }
        cut.end([], actual);
        assert.deepStrictEqual(actual, expected);
      }),
      { numRuns: 300 },
    );
  });
});
