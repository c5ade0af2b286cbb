/**
 * "What is sent is what was checked": the size and SHA-256 of the file as the preflight read it,
 * computed while it reads, compared with the file just before the upload and again as the upload
 * reads it (a change part-way fails the upload before any job is closed). Just before a Bulk 2.0
 * upload, which verifies every byte as it reads and fails before any job processes anything, an
 * unchanged size and modification time stand for the hash (read once less); Bulk 1.0 batches are
 * processed as they arrive, so the file is hashed again first. Pure: no vscode.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { Readable } from 'stream';

export interface FileSnapshot {
  size: number;
  sha256: string;
  /** When the file was last written, known when it did not change while it was read. */
  mtimeMs?: number;
}

export class FileChangedError extends Error {
  constructor(file: string) {
    super(`${file} changed while it was being loaded: what was checked is not what would be sent. Nothing more is sent; load it again to check it again.`);
    this.name = 'FileChangedError';
  }
}

/** The chunks of `source` as they pass, and the snapshot once they all have (undefined before). */
export function hashing(source: AsyncIterable<Buffer>): { chunks: AsyncGenerator<Buffer>; snapshot(): FileSnapshot | undefined } {
  const hash = createHash('sha256');
  let size = 0;
  let done: FileSnapshot | undefined;
  async function* chunks(): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      hash.update(chunk);
      size += chunk.length;
      yield chunk;
    }
    done = { size, sha256: hash.digest('hex') };
  }
  return { chunks: chunks(), snapshot: () => done };
}

/** `hashing` of a file's chunks, with its modification time in the snapshot when it stayed the same while read. */
export function readingSnapshot(file: string): { chunks: AsyncGenerator<Buffer>; snapshot(): FileSnapshot | undefined } {
  let done: FileSnapshot | undefined;
  async function* chunks(): AsyncGenerator<Buffer> {
    const before = await fs.promises.stat(file);
    const h = hashing(fs.createReadStream(file, { highWaterMark: 1 << 20 }));
    yield* h.chunks;
    const after = await fs.promises.stat(file);
    const read = h.snapshot() as FileSnapshot;
    done = before.mtimeMs === after.mtimeMs && after.size === read.size ? { ...read, mtimeMs: after.mtimeMs } : read;
  }
  return { chunks: chunks(), snapshot: () => done };
}

/**
 * Whether `file` is still `expected`, just before an upload. `quick` (Bulk 2.0, see above): the same size and
 * modification time are enough; otherwise, or when they differ, the file is hashed again.
 */
export async function stillSnapshot(file: string, expected: FileSnapshot, quick: boolean): Promise<boolean> {
  if (quick && expected.mtimeMs !== undefined) {
    const now = await fs.promises.stat(file);
    if (now.size === expected.size && now.mtimeMs === expected.mtimeMs) return true;
  }
  return sameSnapshot(await snapshotOf(file), expected);
}

/** The snapshot of a file now (read whole, streamed). */
export async function snapshotOf(file: string): Promise<FileSnapshot> {
  const h = hashing(fs.createReadStream(file, { highWaterMark: 1 << 20 }));
  for await (const _chunk of h.chunks) {
    // hashed as it passes
  }
  return h.snapshot() as FileSnapshot;
}

export function sameSnapshot(a: FileSnapshot, b: FileSnapshot): boolean {
  return a.size === b.size && a.sha256 === b.sha256;
}

/** The file read for the upload, failing at its end (before any job is closed) if it is not the snapshot. */
export function verifiedStream(file: string, expected: FileSnapshot, name = file): Readable {
  const h = hashing(fs.createReadStream(file, { highWaterMark: 1 << 20 }));
  async function* checked(): AsyncGenerator<Buffer> {
    yield* h.chunks;
    const got = h.snapshot();
    if (!got || !sameSnapshot(got, expected)) throw new FileChangedError(name);
  }
  return Readable.from(checked(), { objectMode: false });
}
