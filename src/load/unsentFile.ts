/**
 * The file of rows a load did not send: `<name>-unsent.csv` beside the source (`-unsent-2.csv`, … when
 * that name is taken: a file is never replaced), created exclusively and written as the rows are read,
 * so memory stays at one piece whatever the file. Plain Node, no vscode.
 */
import * as fs from 'fs';
import * as path from 'path';

const MAX_NAMES = 100;

/** `contacts.csv` → `contacts-unsent.csv`, `contacts-unsent-2.csv`, …; a rest of a rest keeps one `-unsent`. */
export function unsentNames(source: string): string[] {
  const dir = path.dirname(source);
  const base = path.basename(source).replace(/\.csv$/i, '').replace(/-unsent(-\d+)?$/, '');
  return Array.from({ length: MAX_NAMES }, (_, k) => path.join(dir, `${base}-unsent${k === 0 ? '' : `-${k + 1}`}.csv`));
}

/** Writes the pieces to the first free name; resolves to it and the rows written. A failed write leaves no file. */
export async function writeUnsent(source: string, pieces: AsyncIterable<{ data: Buffer; rows: number }>): Promise<{ file: string; rows: number }> {
  let handle: fs.promises.FileHandle | undefined;
  let file = '';
  for (const name of unsentNames(source)) {
    try {
      handle = await fs.promises.open(name, 'wx');
      file = name;
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  if (!handle) throw new Error(`every name from ${path.basename(unsentNames(source)[0])} on is taken`);
  let rows = 0;
  try {
    for await (const piece of pieces) {
      await handle.write(piece.data);
      rows += piece.rows;
    }
    await handle.close();
    return { file, rows };
  } catch (e) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(file, { force: true });
    throw e;
  }
}
