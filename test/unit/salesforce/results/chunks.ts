/** Streams cut into chunks, and their records collected: for the streaming readers' tests. */

/** `bytes` as a stream of chunks cut at `cuts` (byte offsets). */
export async function* chunksOf(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    yield bytes.subarray(from, cut);
    from = cut;
  }
  yield bytes.subarray(from);
}

/** Every item of a stream of batches, in one array. */
export async function collect<T>(source: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const items of source) {
    all.push(...items);
  }
  return all;
}
