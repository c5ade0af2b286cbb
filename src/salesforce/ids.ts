/**
 * Salesforce record ids: 15 case-sensitive characters, or 18 (the 15 plus a 3-character
 * case-safe suffix). Bulk jobs have the key prefix `750`, batches `751`.
 */

const ID_CHARS = /^[0-9A-Za-z]+$/;
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

export const JOB_PREFIX = '750';
export const BATCH_PREFIX = '751';

export type BulkIdKind = 'job' | 'batch';

/** Which rule an id breaks. The VS Code layer localises by this code. */
export type IdProblem = 'empty' | 'length' | 'characters' | 'prefix' | 'suffix';

export type IdCheck =
  | { ok: true; id18: string; id15: string; kind: BulkIdKind | undefined }
  | { ok: false; problem: IdProblem; message: string };

/** The 3-character suffix that makes a 15-character id case-safe (`a0D30000001n7Pi` → `EAI`). */
export function computeSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) {
        bits |= 1 << i;
      }
    }
    suffix += SUFFIX_ALPHABET[bits];
  }
  return suffix;
}

/** True for 15 characters `[0-9A-Za-z]`, or 18 whose last three are the right suffix. */
export function isValidId(id: string): boolean {
  if (!ID_CHARS.test(id)) {
    return false;
  }
  if (id.length === 15) {
    return true;
  }
  return id.length === 18 && computeSuffix(id.slice(0, 15)) === id.slice(15);
}

/** The 18-character form. Throws on anything that is not a valid 15/18-character id. */
export function to18(id: string): string {
  if (!isValidId(id)) {
    throw new Error(`Not a valid Salesforce id: ${JSON.stringify(id.slice(0, 40))}`);
  }
  return id.length === 18 ? id : id + computeSuffix(id);
}

/** The first three characters: the object type (`750` job, `751` batch, `005` user …). */
export function keyPrefix(id: string): string {
  return id.slice(0, 3);
}

export function isJobId(id: string): boolean {
  return keyPrefix(id) === JOB_PREFIX && isValidId(id);
}

export function isBatchId(id: string): boolean {
  return keyPrefix(id) === BATCH_PREFIX && isValidId(id);
}

function kindOfPrefix(prefix: string): BulkIdKind | undefined {
  return prefix === JOB_PREFIX ? 'job' : prefix === BATCH_PREFIX ? 'batch' : undefined;
}

/**
 * Checks `input` (surrounding whitespace ignored) and says which rule fails first:
 * empty, length (not 15 or 18), characters (outside `[0-9A-Za-z]`), prefix (not `750`/`751`
 * when `expected` is given), suffix (an 18-character id whose last 3 do not match its first 15).
 */
export function checkId(input: string, expected?: BulkIdKind): IdCheck {
  const id = input.trim();
  if (id.length === 0) {
    return { ok: false, problem: 'empty', message: 'Enter a job id (750…) or a batch id (751…).' };
  }
  if (!ID_CHARS.test(id)) {
    return { ok: false, problem: 'characters', message: 'A Salesforce id has only letters A–Z, a–z and digits 0–9.' };
  }
  if (id.length !== 15 && id.length !== 18) {
    return { ok: false, problem: 'length', message: `A Salesforce id has 15 or 18 characters; this one has ${id.length}.` };
  }
  const kind = kindOfPrefix(keyPrefix(id));
  if (expected !== undefined && kind !== expected) {
    const want = expected === 'job' ? 'A Bulk API job id starts with 750' : 'A Bulk API batch id starts with 751';
    return { ok: false, problem: 'prefix', message: `${want}; this one starts with ${keyPrefix(id)}.` };
  }
  const id15 = id.slice(0, 15);
  const suffix = computeSuffix(id15);
  if (id.length === 18 && id.slice(15) !== suffix) {
    return {
      ok: false,
      problem: 'suffix',
      message: `The last three characters should be ${suffix} for ${id15}: the id may be mistyped or its letters' case changed.`,
    };
  }
  return { ok: true, id18: id15 + suffix, id15, kind };
}

export interface FoundId {
  /** The id as written in the text (15 or 18 characters). */
  text: string;
  /** Its 18-character form. */
  id18: string;
  kind: BulkIdKind;
  /** Offsets into the text: [start, end). */
  start: number;
  end: number;
}

/**
 * Every Bulk job (`750…`) and batch (`751…`) id in `text`, in order.
 *
 * A candidate is a whole run of `[0-9A-Za-z]` (so nothing inside a longer word, a base64 blob or
 * a 16/17-character run) of exactly 15 or 18 characters; a URL escape (`%2F`) just before it counts
 * as a separator, so Setup links are found too. Any other character separates tokens (`_` and `-`
 * included: `job_750…` and `750…-results.csv` do contain the id). An 18-character run counts only when its
 * suffix is right; when it is wrong the run is reported as nothing at all — not as its first 15
 * characters either, because those are not a separate token in the text and a random 18-character
 * token that happens to start with 750 would otherwise become a false hit.
 */
export function findBulkIds(text: string): FoundId[] {
  const found: FoundId[] = [];
  // A URL escape such as `%2F` right before a run is a separator, not part of the token.
  const runs = /(%[0-9A-Fa-f]{2})?([0-9A-Za-z]+)/g;
  for (let m = runs.exec(text); m !== null; m = runs.exec(text)) {
    const run = m[2];
    if (run.length !== 15 && run.length !== 18) {
      continue;
    }
    const kind = kindOfPrefix(keyPrefix(run));
    if (kind === undefined || !isValidId(run)) {
      continue;
    }
    const start = m.index + (m[1]?.length ?? 0);
    found.push({ text: run, id18: to18(run), kind, start, end: start + run.length });
  }
  return found;
}

/** Setup's "Bulk Data Load Job" page for a job (works for 1.0 and 2.0 jobs). */
export function setupDeepLink(instanceUrl: string, jobId: string): string {
  const base = instanceUrl.replace(/\/+$/, '');
  return `${base}/lightning/setup/AsyncApiJobStatus/page?address=${encodeURIComponent('/' + to18(jobId))}`;
}

/** A user id (`005…`, 15 or 18 characters), e.g. a job's `createdById` or the session's user. */
const USER_ID = /^005[A-Za-z0-9]{12}(?:[A-Za-z0-9]{3})?$/;

export function isUserId(id: string): boolean {
  return USER_ID.test(id);
}

/**
 * The 15 case-sensitive characters that name a record: the same record whether written with 15 or
 * 18 characters. Use it to compare ids or to key a map by record.
 */
export function id15(id: string): string {
  return id.slice(0, 15);
}

/** Both ids known and naming the same record (15 and 18-character forms compare equal). */
export function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && id15(a) === id15(b);
}
