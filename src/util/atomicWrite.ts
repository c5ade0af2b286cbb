/**
 * Write-then-rename: a file is written under a temporary name beside it and takes its final name
 * only once it is whole, so no reader (another window, a person opening a download) ever sees half
 * of one; a failed write leaves the final name untouched and removes its temporary file.
 * Plain Node (`fs`), no vscode.
 *
 * `writeFileAtomic` does it all for data in hand; a file written over time (a download's result
 * file, streamed) uses the two halves, `publishTemp` once whole and `removeTemp` when abandoned.
 * (Publishing a whole downloaded set, `downloads/publish.ts`, is another idea: moving finished
 * files into place with the older set put back on failure.)
 */
import { randomUUID } from 'crypto';
import * as fs from 'fs';

/** Gives the whole temporary file its final name, replacing an older file of that name. */
export function publishTemp(temp: string, file: string): Promise<void> {
  return fs.promises.rename(temp, file);
}

/** Removes a temporary file (nothing when it is not there). */
export function removeTemp(temp: string): Promise<void> {
  return fs.promises.rm(temp, { force: true });
}

/**
 * Writes `data` to `file` whole or not at all (a unique temporary name, so two windows writing the
 * same file never mix). On failure the temporary file is removed and the error thrown.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const temp = `${file}.${randomUUID()}.tmp`;
  try {
    await fs.promises.writeFile(temp, data);
    await publishTemp(temp, file);
  } catch (e) {
    await removeTemp(temp).catch(() => undefined);
    throw e;
  }
}
