/**
 * The batch writer: a joined row (id bytes or text, the second sf__ field, the request's raw record)
 * goes out as it came when the batch's columns are the file's, and is mapped onto the file's header
 * by name when they are not.
 */
import * as assert from 'assert';
import { BatchWriter, csvText, FAILED_PREFIX, SUCCESS_PREFIX, type RawField } from '../../../../src/salesforce/results/batchWriter';
import { SLAB_BYTES, SlabPool, type BuiltRun } from '../../../../src/salesforce/results/slabPool';
import { OutputFile } from '../../../../src/salesforce/results/output';
import type { DownloadRun } from '../../../../src/salesforce/results/run';
import type { ResultFileKind } from '../../../../src/salesforce/results/downloadTypes';

/** A download's target that keeps what is written (the header rule is OutputFile's own). */
function target(): { run: DownloadRun; text: (kind: ResultFileKind) => string } {
  const outputs = new Map<ResultFileKind, OutputFile>();
  const data = new Map<ResultFileKind, Buffer[]>();
  const output = (kind: ResultFileKind): OutputFile => {
    if (!outputs.has(kind)) {
      outputs.set(kind, new OutputFile(`unused-${kind}.csv`));
    }
    return outputs.get(kind) as OutputFile;
  };
  const run = {
    columnsFor: (kind: ResultFileKind, columns: readonly string[]) => output(kind).useColumns(columns),
    slabs: new SlabPool(),
    write: async (kind: ResultFileKind, written: BuiltRun) => {
      data.set(kind, [...(data.get(kind) ?? []), Buffer.from(written.data)]);
      written.written();
    },
  } as unknown as DownloadRun;
  return { run, text: (kind) => Buffer.concat(data.get(kind) ?? []).toString('utf8') };
}

const idBytes = (text: string): RawField => {
  const bytes = Buffer.from(`xx${text}yy`, 'latin1');
  return { bytes, start: 2, end: 2 + text.length, csv: '' };
};
const idText = (csv: string): RawField => ({ bytes: undefined, start: 0, end: 0, csv });

describe('salesforce/results/batchWriter', () => {
  it('writes a joined row as it came (id bytes or text, the second field, the raw record), and maps a later batch onto the header by name', async () => {
    const { run, text } = target();
    const chunk = Buffer.from('junk"Ada","Zoë, ""Z""",x\nmore', 'utf8');
    const start = 4;
    const end = chunk.indexOf(0x0a);
    const first = new BatchWriter(run);
    first.file('success', SUCCESS_PREFIX, ['First', 'Last', 'Extra']).addJoined(idBytes('001A'), csvText('true'), chunk, start, end);
    first.file('failed', FAILED_PREFIX, ['First', 'Last', 'Extra']).addJoined(idText('"a,b"'), idBytes('"E:x, y --"'), chunk, start, end);
    await first.flush();
    // A second batch with its columns in another order and one the file lacks.
    const second = new BatchWriter(run);
    const row = Buffer.from('x2,"Lovelace",Ada2,"new"', 'utf8');
    second.file('success', SUCCESS_PREFIX, ['Extra', 'Last', 'First', 'Other']).addJoined(idBytes('001B'), csvText('false'), row, 0, row.length);
    await second.flush();
    assert.strictEqual(text('success'), '001A,true,"Ada","Zoë, ""Z""",x\n001B,false,Ada2,Lovelace,x2\n');
    assert.strictEqual(text('failed'), '"a,b","E:x, y --","Ada","Zoë, ""Z""",x\n');
  });

  it('builds in a buffer again only once every run taken from it is on disk, and the runs read as built', async () => {
    const made = new Set<Buffer>();
    let gets = 0;
    const pool = new (class extends SlabPool {
      override get(): Buffer {
        gets++;
        const b = super.get();
        made.add(b);
        return b;
      }
    })();
    const runs: { kind: ResultFileKind; built: BuiltRun }[] = [];
    const outputs = new Map<ResultFileKind, OutputFile>();
    const run = {
      slabs: pool,
      columnsFor: (kind: ResultFileKind, columns: readonly string[]) => {
        outputs.set(kind, outputs.get(kind) ?? new OutputFile(`unused-${kind}.csv`));
        return outputs.get(kind)?.useColumns(columns);
      },
      // The runs are kept as they were handed over (views, not copies), and are "on disk" only later.
      write: async (kind: ResultFileKind, r: BuiltRun) => {
        runs.push({ kind, built: r });
      },
    } as unknown as DownloadRun;
    const record = Buffer.from('"' + 'x'.repeat(1000) + '"');
    const expected: string[] = [];
    const rowsPerBatch = Math.ceil((3 * SLAB_BYTES) / record.length);
    for (let batch = 0; batch < 2; batch++) {
      const writer = new BatchWriter(run);
      for (let k = 0; k < rowsPerBatch; k++) {
        const id = `001${batch}${String(k).padStart(6, '0')}`;
        writer.file('success', SUCCESS_PREFIX, ['Name']).addJoined(csvText(id), csvText('true'), record, 0, record.length);
        expected.push(`${id},true,${record.toString()}\n`);
        await writer.flushIfFull();
      }
      await writer.flush();
      if (batch === 0) {
        // Nothing is on disk yet: every buffer so far is new, and the second batch cannot have one of them.
        assert.strictEqual(made.size, gets);
      }
    }
    const firstBatchSlabs = made.size;
    assert.strictEqual(Buffer.concat(runs.map((r) => r.built.data)).toString(), expected.join(''));
    // Now on disk: the buffers go back, and a third batch builds in them instead of making new ones.
    for (const r of runs) {
      r.built.written();
    }
    const writer = new BatchWriter(run);
    for (let k = 0; k < rowsPerBatch; k++) {
      writer.file('success', SUCCESS_PREFIX, ['Name']).addJoined(csvText('001'), csvText('true'), record, 0, record.length);
      await writer.flushIfFull();
    }
    await writer.flush();
    assert.strictEqual(made.size, firstBatchSlabs);
    assert.ok(gets > firstBatchSlabs);
  });
});
