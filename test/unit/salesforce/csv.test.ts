/**
 * The streaming CSV reader/writer (RFC 4180): quoting round trips (property-based), chunk
 * boundaries anywhere (inside quotes, between CR and LF, inside a UTF-8 character), BOMs, and
 * malformed input: a stray or unclosed quote is an error at its place, the same in the parser and
 * the byte splitter (which the upload cuts files with), and `maxRecord` bounds what is held.
 */
import * as assert from 'assert';
import * as fc from 'fast-check';
import { CsvByteSplitter, csvByteRecords, csvField, csvFieldText, CsvError, CsvParser, csvRecords, csvRow, IntList, parseCsvRecord } from '../../../src/salesforce/csv';
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

/** The error `run` throws, as `problem@line:column` ('' when it throws none). */
function problemOf(run: () => unknown): string {
  try {
    run();
    return '';
  } catch (e) {
    assert.ok(e instanceof CsvError, String(e));
    return `${e.problem}@${e.line}:${e.column}`;
  }
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

  it('decides: a quote inside a field that does not start with one is an error at its line and column, in the parser and the splitter alike', () => {
    const text = 'Name,Size\r\n"Pipe, steel",5" pipe\n';
    assert.strictEqual(problemOf(() => parseAll(text)), 'strayQuote@2:16');
    assert.strictEqual(problemOf(() => splitAll(text)), 'strayQuote@2:16');
    // After a closing quote, other characters are kept (leniency), but a quote is stray there too.
    assert.deepStrictEqual(parseAll('"a" b,c\n'), [['a b', 'c']]);
    assert.strictEqual(problemOf(() => parseAll('x\n"a"b"c\n')), 'strayQuote@2:5');
    assert.strictEqual(problemOf(() => splitAll('x\n"a"b"c\n')), 'strayQuote@2:5');
    // Quotes that open a field, doubled or closing are not stray.
    assert.deepStrictEqual(parseAll('a,"b""c",""\n'), [['a', 'b"c', '']]);
  });

  it('decides: a quote never closed is an error at the line and column of the field it opens, in both', () => {
    const text = 'a,b\nc,"d\ne,f\n';
    assert.strictEqual(problemOf(() => parseAll(text)), 'unclosedQuote@2:3');
    assert.strictEqual(problemOf(() => splitAll(text)), 'unclosedQuote@2:3');
  });

  it('the parser and the byte splitter agree on any text, well-formed or not, cut anywhere (property)', () => {
    const messy = fc.string({ unit: fc.constantFrom(',', '"', '""', '\r', '\n', 'a', ' ', 'é', '🚀'), maxLength: 40 });
    fc.assert(
      fc.property(messy, fc.array(fc.nat(), { maxLength: 4 }), (text, rawCuts) => {
        let parsed: string[][] = [];
        const parseProblem = problemOf(() => (parsed = parseAll(text)));
        let raw: string[] = [];
        // Byte cuts: a byte splitter column counts bytes, so only problem and line are compared.
        const splitProblem = problemOf(() => (raw = splitAll(text, rawCuts.map((c) => c % (Buffer.byteLength(text) + 1)))));
        assert.strictEqual(splitProblem.replace(/:\d+$/, ''), parseProblem.replace(/:\d+$/, ''));
        if (parseProblem === '') {
          assert.deepStrictEqual(raw.map((r) => parseCsvRecord(r)), parsed);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('the byte splitter finds every problem at the parser\'s line and column, counting fields or not, skipping fields or not (property over ASCII text cut anywhere)', () => {
    // ASCII: a byte is a UTF-16 unit, so columns compare too. With `fieldEnds` every delimiter is
    // counted; without, and past the skipped fields, the splitter jumps over them.
    const messy = fc.string({ unit: fc.constantFrom(',', ',,', '"', '""', ',"', '\r', '\n', '\r\n', 'a', 'bc'), maxLength: 40 });
    fc.assert(
      fc.property(messy, fc.array(fc.nat(), { maxLength: 4 }), fc.nat({ max: 3 }), fc.boolean(), (text, rawCuts, skip, withEnds) => {
        const bytes = Buffer.from(text, 'utf8');
        const cuts = rawCuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b);
        let parsed: string[][] = [];
        const parseProblem = problemOf(() => (parsed = parseAll(text)));
        const out: Buffer[] = [];
        const ends = new IntList();
        const splitProblem = problemOf(() => {
          const splitter = new CsvByteSplitter({ skipFields: () => skip });
          let from = 0;
          for (const cut of [...cuts, bytes.length]) {
            splitter.push(bytes.subarray(from, cut), out, withEnds ? ends : undefined);
            from = cut;
          }
          splitter.end(out, withEnds ? ends : undefined);
        });
        assert.strictEqual(splitProblem, parseProblem);
        if (parseProblem === '') {
          const records = out.map((r) => r.toString('utf8'));
          const expected = parsed.map((fields, k) => (k === 0 ? fields : fields.slice(skip)));
          assert.strictEqual(records.length, expected.length);
          records.forEach((r, k) => assert.deepStrictEqual(r === '' ? [] : parseCsvRecord(r), expected[k].length === 1 && expected[k][0] === '' && r === '' ? [] : expected[k], `record ${k}`));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('with maxRecord, a longer record is an error (also cut across pieces), one as long is not', () => {
    const parse = (text: string, cuts: number[] = []) => {
      const parser = new CsvParser({ maxRecord: 10 });
      const out: string[][] = [];
      let from = 0;
      for (const cut of [...cuts, text.length]) {
        parser.push(text.slice(from, cut), out);
        from = cut;
      }
      parser.end(out);
      return out;
    };
    assert.deepStrictEqual(parse('head\n0123456789\n"12345678"\n'), [['head'], ['0123456789'], ['12345678']]);
    assert.strictEqual(problemOf(() => parse('head\n\n0123456789a\n')), 'recordTooLong@3:1');
    assert.strictEqual(problemOf(() => parse('head\n\n0123456789a\n', [8, 12])), 'recordTooLong@3:1');
    assert.strictEqual(problemOf(() => parse('head\n"0123456789\nab')), 'recordTooLong@2:1');
  });

  it('with maxRecord, a quote never closed stops the byte splitter early: what it holds stays bounded', async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      yield Buffer.from('Name\n"never closed, ');
      const chunk = Buffer.alloc(64 * 1024, 'x');
      for (let k = 0; k < 1_000; k++) {
        pulled++;
        yield chunk;
      }
    }
    await assert.rejects(collect(csvByteRecords(endless(), { maxRecord: 1_000_000 })), (e: unknown) => e instanceof CsvError && e.problem === 'recordTooLong' && e.line === 2);
    assert.ok(pulled <= Math.ceil(1_000_000 / (64 * 1024)) + 1, `${pulled} chunks read`);
  });

  it('hands out the records before an error first', async () => {
    const pieces: string[][][] = [];
    await assert.rejects(async () => {
      for await (const rows of csvRecords(chunksOf(Buffer.from('a\nb\n5" pipe\n'), []))) pieces.push(rows);
    }, CsvError);
    assert.deepStrictEqual(pieces, [[['a'], ['b']]]);
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
        const text = table.map((r) => csvRow(r)).join('');
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
        const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(table.map((r) => csvRow(r)).join(''), 'utf8')]);
        const cuts = rawCuts.map((c) => c % (bytes.length + 1));
        assert.deepStrictEqual(await collect(csvRecords(chunksOf(bytes, cuts))), table);
        const raw = await collect(csvByteRecords(chunksOf(bytes, cuts)));
        assert.deepStrictEqual(raw.map((r) => parseCsvRecord(r.toString('utf8'))), table);
      }),
      { numRuns: 200 },
    );
  });

  it('the byte splitter cuts the leading fields off every record after the header by the reader\'s quoting rules (property over tables and byte cuts)', async () => {
    await fc.assert(
      fc.asyncProperty(tableArb, fc.nat({ max: 5 }), fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), async (table, skip, rawCuts, crlf) => {
        const bytes = Buffer.from(table.map((r) => csvRow(r).slice(0, -1)).join(crlf ? '\r\n' : '\n') + (crlf ? '\r\n' : '\n'), 'utf8');
        const cuts = rawCuts.map((c) => c % (bytes.length + 1));
        let asked: string | undefined;
        const raw = await collect(csvByteRecords(chunksOf(bytes, cuts), { skipFields: (h) => { asked = h.toString('utf8'); return skip; } }));
        assert.deepStrictEqual(parseCsvRecord(asked ?? ''), table[0], 'asked with the whole header');
        assert.deepStrictEqual(parseCsvRecord(raw[0].toString('utf8')), table[0], 'the header comes out whole');
        assert.strictEqual(raw.length, table.length, 'no record lost, an empty rest included');
        for (let r = 1; r < table.length; r++) {
          const rest = table[r].slice(skip);
          const got = raw[r].toString('utf8');
          assert.deepStrictEqual(got === '' ? [] : parseCsvRecord(got), rest.length === 0 || (rest.length === 1 && rest[0] === '' && got === '') ? [] : rest, `record ${r}`);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the byte splitter says where each field ends, and csvFieldText reads it as the parser does (property over byte cuts, BOM, CRLF, a cut inside a quoted field or a character)', () => {
    fc.assert(
      fc.property(tableArb, fc.boolean(), fc.array(fc.nat(), { maxLength: 8 }), (table, crlf, rawCuts) => {
        const text = table.map((r, k) => csvRow(r).slice(0, -1) + (crlf && k % 2 === 0 ? '\r\n' : '\n')).join('');
        const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
        const splitter = new CsvByteSplitter();
        const records: Buffer[] = [];
        const fieldEnds = new IntList();
        let from = 0;
        for (const cut of [...rawCuts.map((c) => c % (bytes.length + 1))].sort((x, y) => x - y)) {
          splitter.push(bytes.subarray(from, cut), records, fieldEnds);
          from = cut;
        }
        splitter.push(bytes.subarray(from), records, fieldEnds);
        splitter.end(records, fieldEnds);
        const ends = fieldEnds.at;
        const fields: string[][] = [];
        let at = 0;
        for (const record of records) {
          const count = ends[at];
          fields.push(Array.from({ length: count }, (_, k) => csvFieldText(record, k === 0 ? 0 : ends[at + k] + 1, ends[at + k + 1])));
          at += count + 1;
        }
        assert.strictEqual(at, fieldEnds.count);
        assert.deepStrictEqual(fields, table);
      }),
      { numRuns: 400 },
    );
  });

  it('skipping fields keeps the checks: a stray quote in a skipped field is an error at its place, and maxRecord still bounds what is held', async () => {
    const skipTwo = { skipFields: () => 2 };
    await assert.rejects(collect(csvByteRecords(chunksOf(Buffer.from('a,b,c\n1,5" pipe,x\n'), [3, 9]), skipTwo)),
      (e: unknown) => e instanceof CsvError && e.problem === 'strayQuote' && e.line === 2 && e.column === 4);
    await assert.rejects(collect(csvByteRecords(chunksOf(Buffer.from('a,b,c\n"x","never closed,y\n' + 'z'.repeat(5000)), [4, 20]), { ...skipTwo, maxRecord: 1000 })),
      (e: unknown) => e instanceof CsvError && e.problem === 'recordTooLong' && e.line === 2);
    const raw = await collect(csvByteRecords(chunksOf(Buffer.from('\ufeffsf__Id;sf__Error;Name\r\n"";"a;""b""\r\nc";Müller\r\n001;x\r\n;;\r\n'), [1, 2, 4, 20, 23]), { delimiter: ';', skipFields: () => 2 }));
    assert.deepStrictEqual(raw.map((r) => r.toString('utf8')), ['sf__Id;sf__Error;Name', 'Müller', '', '']);
  });

  it('field ends past the first store (a chunk of 3,000 four-field records) are all kept, and a cleared store is used again', () => {
    const rows = Array.from({ length: 3_000 }, (_, k) => `"00${k}","true","false",""`);
    const splitter = new CsvByteSplitter();
    const fieldEnds = new IntList();
    const records: Buffer[] = [];
    splitter.push(Buffer.from(rows.join('\n') + '\n'), records, fieldEnds);
    assert.strictEqual(records.length, 3_000);
    assert.strictEqual(fieldEnds.count, 3_000 * 5);
    const last = records[2_999];
    const ends = fieldEnds.at.subarray(fieldEnds.count - 5, fieldEnds.count);
    assert.deepStrictEqual([...ends], [4, 8, 15, 23, 26]);
    assert.strictEqual(csvFieldText(last, 0, ends[1]), '002999');
    const store = fieldEnds.at;
    fieldEnds.clear();
    splitter.push(Buffer.from('"x",y\n'), records, fieldEnds);
    assert.deepStrictEqual([...fieldEnds.at.subarray(0, fieldEnds.count)], [2, 3, 5]);
    assert.strictEqual(fieldEnds.at, store);
  });

  it('csvFieldText: quoted and unquoted fields, doubled quotes, line breaks and text after a closing quote', () => {
    const field = (raw: string): string => csvFieldText(Buffer.from(`,${raw},`), 1, Buffer.byteLength(raw) + 1);
    assert.strictEqual(field('plain'), 'plain');
    assert.strictEqual(field('"a,b"'), 'a,b');
    assert.strictEqual(field('"say ""hi"""'), 'say "hi"');
    assert.strictEqual(field('"l1\r\nl2"'), 'l1\r\nl2');
    assert.strictEqual(field('""'), '');
    assert.strictEqual(field(''), '');
    assert.strictEqual(field('"a" b'), 'a b');
    assert.strictEqual(field('"Zoë 東"'), 'Zoë 東');
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
        const text = table.map((r) => csvRow(r)).join('').replace(/\n/g, (m, at: number) => (at % 3 === 0 ? '\r\n' : m));
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
