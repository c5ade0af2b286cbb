/**
 * What a CSV file a person brings is made of, found from its first bytes, and how it is turned into
 * what Salesforce takes (UTF-8 only):
 * - the encoding: a BOM says UTF-8, UTF-16 LE or UTF-16 BE; zero bytes on one side of most byte pairs
 *   say UTF-16 without a BOM; otherwise bytes that are valid UTF-8 are
 *   UTF-8, and anything else is what `jschardet` (the detector VS Code uses) recognises with
 *   confidence among the single-byte code pages `iconv-lite` decodes, Windows-1252 when unsure
 *   (Excel's "CSV (Comma delimited)" on a western Windows);
 * - the delimiter (comma, semicolon, tab, pipe): the one that splits the header into the most
 *   columns and gives the first rows the same number of values (Excel writes `;` where the decimal
 *   separator is a comma, and tabs for "Unicode Text");
 * - the line ending (LF or CRLF), from the first line break.
 * `fileDecoder` is the one owner of "decode this file's bytes"; `utf8Chunks` re-encodes a stream as
 * UTF-8 with it as it is read (memory: one chunk); `decodedText` decodes it for the CSV reader.
 * Pure: no vscode.
 */
import * as iconv from 'iconv-lite';
import * as jschardet from 'jschardet';
import { CsvError, CsvParser } from '../csv';

import type { Delimiter, FileFormat, LineEnding } from '../types';

export type { Delimiter, FileFormat, LineEnding };

/** `bulkJobs.load.encoding`: `auto` (detect) or an `iconv-lite` encoding name for every file. */
export type EncodingSetting = string;

/** How much of the file the detection reads. */
export const HEAD_BYTES = 256 * 1024;
/** Rows after the header that must agree with it on the number of values. */
const CHECK_ROWS = 20;
const CANDIDATES: readonly Delimiter[] = [',', ';', '\t', '|'];

/** The Bulk API 2.0 names of the delimiters (`columnDelimiter`). */
export const COLUMN_DELIMITER: Record<Delimiter, string> = { ',': 'COMMA', ';': 'SEMICOLON', '\t': 'TAB', '|': 'PIPE' };

/** The CSV as it leaves: its delimiter and line ending (Bulk 1.0 takes commas only). */
export interface SentShape {
  delimiter: Delimiter;
  lineEnding: LineEnding;
}

export const PLAIN_CSV: SentShape = { delimiter: ',', lineEnding: 'LF' };

/** Bulk 2.0 takes the file's own delimiter and line ending (declared in the job); 1.0 gets commas and LF. */
export function sentShape(flavour: '1.0' | '2.0', format: FileFormat | undefined): SentShape {
  return flavour === '2.0' && format ? { delimiter: format.delimiter, lineEnding: format.lineEnding } : PLAIN_CSV;
}

function bomOf(head: Buffer): { encoding: string; length: number } | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf16be', length: 2 };
  return undefined;
}

/**
 * UTF-16 without a BOM (rare: Excel's "Unicode Text" writes one): text of mostly Latin letters, digits
 * and delimiters has a zero byte in most of its byte pairs, always on the same side (the high byte: the
 * second in LE, the first in BE). Zeros are never in a CSV otherwise, and UTF-8 allows them, so this is
 * asked first.
 */
function utf16WithoutBom(head: Buffer): 'utf16le' | 'utf16be' | undefined {
  const pairs = Math.floor(head.length / 2);
  if (pairs < 4) return undefined;
  let first = 0;
  let second = 0;
  for (let k = 0; k + 1 < head.length; k += 2) {
    if (head[k] === 0) first++;
    if (head[k + 1] === 0) second++;
  }
  if (second >= pairs / 2 && first <= pairs / 50) return 'utf16le';
  if (first >= pairs / 2 && second <= pairs / 50) return 'utf16be';
  return undefined;
}

/** Valid UTF-8 (a character cut by the end of `head` is allowed: the head is a prefix). */
export function isUtf8(head: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** The single-byte code pages (one character per byte, ASCII below 0x80) the detection answers with. */
const SINGLE_BYTE = /^(windows125\d|iso8859\d+|koi8r|koi8u|maccyrillic|ibm866)$/;

/** A code page for bytes that are not UTF-8: jschardet's answer when confident and decodable, else Windows-1252. */
function guessCodePage(head: Buffer): string {
  const guess = jschardet.detect(head);
  const name = (guess.encoding ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  if (guess.confidence >= 0.9 && SINGLE_BYTE.test(name) && iconv.encodingExists(name)) {
    return name === 'iso88591' ? 'windows1252' : name; // Windows-1252 is ISO-8859-1 with more characters
  }
  return 'windows1252';
}

/** The encoding of a file from its first bytes (`complete`: the head is the whole file). */
export function detectEncoding(head: Buffer, setting: EncodingSetting = 'auto'): { encoding: string; bom: boolean; forced: boolean } {
  const bom = bomOf(head);
  if (setting !== 'auto' && iconv.encodingExists(setting)) {
    return { encoding: setting, bom: bom !== undefined && bom.encoding === setting, forced: true };
  }
  if (bom) return { encoding: bom.encoding, bom: true, forced: false };
  const utf16 = utf16WithoutBom(head);
  if (utf16) return { encoding: utf16, bom: false, forced: false };
  return { encoding: isUtf8(head) ? 'utf8' : guessCodePage(head), bom: false, forced: false };
}

/**
 * The delimiter: of the candidates that split the header into more than one column, the one whose
 * first rows all have the header's number of values, the most columns first (comma on a tie, or
 * when the header has one column).
 */
export function detectDelimiter(text: string, complete: boolean): Delimiter {
  let best: { delimiter: Delimiter; width: number; agree: boolean } | undefined;
  for (const delimiter of CANDIDATES) {
    const rows: string[][] = [];
    try {
      const parser = new CsvParser({ delimiter, maxRecord: text.length + 1 });
      parser.push(text, rows);
      if (complete) parser.end(rows);
    } catch (e) {
      if (!(e instanceof CsvError)) throw e;
    }
    const width = rows[0]?.length ?? 0;
    if (width < 2) continue;
    const agree = rows.slice(1, 1 + CHECK_ROWS).every((r) => r.length === width);
    if (!best || (agree && !best.agree) || (agree === best.agree && width > best.width)) {
      best = { delimiter, width, agree };
    }
  }
  return best?.delimiter ?? ',';
}

/** CRLF when the first line break is CR LF; LF otherwise (also for a file of one line). */
export function detectLineEnding(text: string): LineEnding {
  const lf = text.indexOf('\n');
  return lf > 0 && text.charCodeAt(lf - 1) === 13 ? 'CRLF' : 'LF';
}

/** Everything at once, from the head of the file (`complete`: the head is the whole file). */
export function detectFormat(head: Buffer, complete: boolean, setting: EncodingSetting = 'auto'): FileFormat {
  const { encoding, bom, forced } = detectEncoding(head, setting);
  const decoder = fileDecoder(encoding); // drops the BOM; a character cut at the end is replaced, which no test here sees
  const text = decoder.write(head) + decoder.end();
  return { encoding, bom, forced, delimiter: detectDelimiter(text, complete), lineEnding: detectLineEnding(text) };
}

const ENCODING_NAMES: Record<string, string> = {
  utf8: 'UTF-8', utf16le: 'UTF-16 LE', utf16be: 'UTF-16 BE', windows1252: 'Windows-1252', windows1250: 'Windows-1250',
  iso88591: 'ISO-8859-1', iso885915: 'ISO-8859-15',
};
const DELIMITER_NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };

/** `Windows-1252`, `UTF-8 with BOM`, `UTF-16 LE`… */
export function encodingName(format: Pick<FileFormat, 'encoding' | 'bom'>): string {
  const name = ENCODING_NAMES[format.encoding] ?? format.encoding.replace(/^(windows|iso|koi)/, (p) => p.toUpperCase() + '-');
  return format.encoding === 'utf8' && format.bom ? `${name} with BOM` : name;
}

/** The words the confirmation uses, untranslated parts filled in by the caller's template. */
export function formatWords(format: FileFormat): { encoding: string; delimiter: string; lineEnding: LineEnding } {
  return { encoding: encodingName(format), delimiter: DELIMITER_NAMES[format.delimiter], lineEnding: format.lineEnding };
}

/** The file is sent as it is read (UTF-8 without BOM: the splitter drops a UTF-8 BOM itself). */
export function isSentAsIs(format: Pick<FileFormat, 'encoding'>): boolean {
  return format.encoding === 'utf8';
}

/** Raised where bytes are not valid in the file's encoding (UTF-8 files are checked as they are read). */
export function notUtf8Error(line: number): CsvError {
  return new CsvError(`Line ${line}: the bytes here are not UTF-8 (Excel's "CSV (Comma delimited)" writes Windows-1252).`, 'encoding', line, 1);
}

/** Decodes a file's bytes chunk by chunk (a character cut between two chunks is kept for the next). */
export interface FileDecoder {
  write(chunk: Buffer): string;
  end(): string;
  /** `write`, as UTF-8 bytes (for the upload). */
  writeUtf8(chunk: Buffer): Buffer;
}

/**
 * The one owner of "decode this file's bytes" (the detection, the preflight and the upload all decode here).
 * A single-byte code page is read as Latin-1 (native, and kept as a one-byte string, which V8 encodes to
 * UTF-8 fastest) and only the bytes where the code page differs from Latin-1 are replaced, by iconv-lite's
 * own table for it (Windows-1252: 0x80–0x9F, `€`, `„`, `–`…; Latin-1 itself: none). Anything else (UTF-8,
 * UTF-16 with its BOM, code pages of several bytes) is decoded by iconv-lite, which drops a BOM.
 * As UTF-8 bytes, when every byte that differs is in 0x80–0xBF (Windows-1252), they are found in the
 * UTF-8 of the Latin-1 text (`C2 xx`, by `indexOf`) and patched there, so a chunk without them costs no
 * pass of its own. Measured on 92 MB of Windows-1252 (`npm run bench -- "excel save"`): iconv-lite's
 * decoder and the UTF-8 re-encoding of its two-byte strings took most of the reload; this takes a fraction.
 */
export function fileDecoder(encoding: string): FileDecoder {
  const name = encoding.toLowerCase().replace(/[^a-z0-9]/g, ''); // a forced `Windows-1252` too
  if (SINGLE_BYTE.test(name) && iconv.encodingExists(name)) {
    const { pattern, table } = latin1Differences(name);
    const replace = (c: string): string => table[c.charCodeAt(0)];
    const write = (chunk: Buffer): string => {
      const text = chunk.toString('latin1');
      return pattern ? text.replace(pattern, replace) : text;
    };
    const patches = c2Patches(table);
    return {
      write,
      end: () => '',
      writeUtf8: patches ? (chunk) => patchC2(Buffer.from(chunk.toString('latin1'), 'utf8'), patches) : (chunk) => Buffer.from(write(chunk), 'utf8'),
    };
  }
  const decoder = iconv.getDecoder(encoding);
  return { write: (chunk) => decoder.write(chunk), end: () => decoder.end() ?? '', writeUtf8: (chunk) => Buffer.from(decoder.write(chunk), 'utf8') };
}

/**
 * When every byte where the code page differs from Latin-1 is in 0x80–0xBF (whose Latin-1 characters
 * are `C2 xx` in UTF-8): the UTF-8 of each such byte's own character, by the byte `xx`. Else undefined.
 */
function c2Patches(table: string): Array<Buffer | undefined> | undefined {
  const patches: Array<Buffer | undefined> = [];
  for (let b = 0; b < 256; b++) {
    if (table.charCodeAt(b) === b) continue;
    if (b < 0x80 || b > 0xbf) return undefined;
    patches[b] = Buffer.from(table[b], 'utf8');
  }
  return patches;
}

/** The UTF-8 of a Latin-1 text with each `C2 xx` that `patches` has replaced by it. */
function patchC2(bytes: Buffer, patches: ReadonlyArray<Buffer | undefined>): Buffer {
  const parts: Buffer[] = [];
  let from = 0;
  for (let at = bytes.indexOf(0xc2); at >= 0; at = bytes.indexOf(0xc2, at + 2)) {
    const patch = patches[bytes[at + 1]];
    if (!patch) continue;
    parts.push(bytes.subarray(from, at), patch);
    from = at + 2;
  }
  if (from === 0) return bytes;
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}

/** Where a single-byte code page is not Latin-1: a pattern of those bytes (as Latin-1 characters) and every byte's character. */
function latin1Differences(encoding: string): { pattern: RegExp | undefined; table: string } {
  const table = iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, b) => b)), encoding);
  let differ = '';
  for (let b = 0; b < 256; b++) {
    if (table.charCodeAt(b) !== b) differ += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return { pattern: differ ? new RegExp(`[${differ}]`, 'g') : undefined, table };
}

/**
 * The file as UTF-8 bytes, re-encoded chunk by chunk (a BOM dropped). UTF-8 files pass as they are
 * (the preflight checked them, and the upload checks they did not change since).
 */
export async function* utf8Chunks(source: AsyncIterable<Buffer | string>, format: Pick<FileFormat, 'encoding'> | undefined): AsyncGenerator<Buffer> {
  if (!format || isSentAsIs(format)) {
    for await (const chunk of source) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    return;
  }
  const decoder = fileDecoder(format.encoding);
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : decoder.writeUtf8(chunk);
    if (bytes.length > 0) yield bytes;
  }
  const rest = decoder.end();
  if (rest) yield Buffer.from(rest, 'utf8');
}

/**
 * The file as text, for the CSV reader. UTF-8 is decoded strictly: bytes that are not UTF-8 stop the
 * reading with a `CsvError` (`encoding`) at the line reached (`lineOf` tells it), so they are a finding
 * and never go out.
 */
export async function* decodedText(source: AsyncIterable<Buffer | string>, format: Pick<FileFormat, 'encoding'>, lineOf: () => number = () => 0): AsyncGenerator<string> {
  if (format.encoding === 'utf8') {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
    let valid = '';
    try {
      for await (const chunk of source) {
        let text: string;
        try {
          text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
        } catch (e) {
          // The text before the first bad byte is read first, so the reader is at its line.
          if (typeof chunk !== 'string') valid = new TextDecoder('utf-8').decode(chunk).split('\uFFFD')[0];
          throw e;
        }
        if (text.length > 0) yield text;
      }
      const rest = decoder.decode();
      if (rest) yield rest;
      return;
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'ERR_ENCODING_INVALID_ENCODED_DATA') throw e;
    }
    if (valid) yield valid;
    throw notUtf8Error(lineOf());
  }
  const decoder = fileDecoder(format.encoding);
  for await (const chunk of source) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (text.length > 0) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}
