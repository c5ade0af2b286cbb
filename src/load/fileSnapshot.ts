/**
 * "What is sent is what was checked": the size and SHA-256 of the file as the preflight read it,
 * computed while it reads, compared with the file just before the upload and again as the upload
 * reads it (a change part-way fails the upload before any job is closed). Pure: no vscode.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import { Readable } from 'stream';

export interface FileSnapshot {
  size: number;
  sha256: string;
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
