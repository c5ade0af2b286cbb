/**
 * Finding and checking Bulk job/batch ids in text, for the lookup command and the hover.
 * Pure (no vscode): the id rules themselves live in src/salesforce/ids.ts; this only applies them to
 * an editor position and says, in the person's language, which rule an input breaks.
 */
import { FoundId, IdCheck, checkId, computeSuffix, findBulkIds, keyPrefix } from '../salesforce/ids';
import type { Translate } from './format';

/** The job or batch id that covers `offset` in `line` (an id ending right at the cursor counts). */
export function idAtOffset(line: string, offset: number): FoundId | undefined {
  return findBulkIds(line).find((found) => found.start <= offset && offset <= found.end);
}

const ALNUM = /[0-9A-Za-z]/;

/**
 * The same for a hover, cheaply: only the run of letters/digits under the cursor is looked at (a
 * minified JSON line can be megabytes long).
 */
export function idAtPosition(line: string, character: number): FoundId | undefined {
  let start = character;
  while (start > 0 && ALNUM.test(line[start - 1])) {
    start--;
    if (character - start > 18) {
      return undefined; // Part of a longer token.
    }
  }
  let end = character;
  while (end < line.length && ALNUM.test(line[end])) {
    end++;
    if (end - start > 18) {
      return undefined;
    }
  }
  const [found] = findBulkIds(line.slice(start, end));
  return found && { ...found, start: start + found.start, end: start + found.end };
}

/** The first job or batch id in a text (a selection, the clipboard); long texts are only looked at in part. */
export function firstBulkId(text: string | undefined, maxLength = 10_000): FoundId | undefined {
  return text ? findBulkIds(text.slice(0, maxLength))[0] : undefined;
}

export type LookupCheck =
  | { ok: true; id18: string; kind: 'job' | 'batch' }
  | { ok: false; message: string };

/** Checks what was typed in the lookup: a job (750) or batch (751) id, 15 or 18 characters, right suffix. */
export function checkLookupInput(input: string, t: Translate): LookupCheck {
  const check: IdCheck = checkId(input);
  const id = input.trim();
  if (!check.ok) {
    switch (check.problem) {
      case 'empty':
        return { ok: false, message: t('Enter a job id (750…) or a batch id (751…).') };
      case 'characters':
        return { ok: false, message: t('A Salesforce id has only letters A–Z, a–z and digits 0–9.') };
      case 'length':
        return { ok: false, message: t('A Salesforce id has 15 or 18 characters; this one has {0}.', id.length) };
      case 'prefix':
        break; // checkId was not asked for a kind; handled below.
      case 'suffix':
        return {
          ok: false,
          message: t("The last three characters should be {0} for {1}: the id may be mistyped or its letters' case changed.",
            computeSuffix(id.slice(0, 15)), id.slice(0, 15)),
        };
    }
  }
  if (!check.ok || check.kind === undefined) {
    return { ok: false, message: t('A Bulk API job id starts with 750 and a batch id with 751; this one starts with {0}.', keyPrefix(id)) };
  }
  return { ok: true, id18: check.id18, kind: check.kind };
}
