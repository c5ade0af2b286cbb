/**
 * The buffers a download's rows are built in (`batchWriter.ts` `ByteBuilder`), used again once
 * what was built in them is on disk.
 */

/** A builder's buffer, handed out in consecutive runs: as big as about four runs of a file (64 KB each). */
export const SLAB_BYTES = 256 * 1024;

/** The most buffers a pool keeps for later (4 MB): a download at its usual concurrency needs fewer. */
const POOL_KEEPS = 16;

/**
 * The buffers the builders of one download take turns with. A builder puts a buffer back only once
 * it has moved on from it and every run taken from it is on disk, so that no byte of a run is
 * overwritten before it is written; one that never comes back (a write that failed) is simply
 * collected. Without it, a 1M-row download made 150 MB of buffers, and the V8 heap, small as it is,
 * ran a full collection every few MB of them (three downloads: 50 full collections, 15 with the pool).
 */
export class SlabPool {
  private readonly free: Buffer[] = [];

  get(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafe(SLAB_BYTES);
  }

  put(buf: Buffer): void {
    if (buf.length === SLAB_BYTES && this.free.length < POOL_KEEPS) {
      this.free.push(buf);
    }
  }
}

/** Bytes handed to a file, and what to call once they are on disk. */
export interface BuiltRun {
  data: Buffer;
  written(): void;
}
