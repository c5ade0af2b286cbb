/**
 * Reading the dates Salesforce sends (pure). The batches of a big job carry 20,000 of them per
 * update, so the normalised form is read by hand.
 */

/** Digits of `s` from `at`, `length` of them, as a number (NaN if one is not a digit). */
function digits(s: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) {
      return NaN;
    }
    n = n * 10 + d;
  }
  return n;
}

/**
 * ms since epoch of an ISO date. The normalised form ("2026-01-10T12:00:00.000Z", what
 * src/salesforce/normalize.ts writes) is read by hand: Date.parse costs about a microsecond, and a
 * 10,000-batch job has 20,000 dates per update.
 */
export function parseDate(date: string | undefined): number | undefined {
  if (!date) {
    return undefined;
  }
  const at = (i: number): number => date.charCodeAt(i);
  // "-" 45, "T" 84, ":" 58, "." 46, "Z" 90
  if (date.length === 24 && at(4) === 45 && at(7) === 45 && at(10) === 84 && at(13) === 58 && at(16) === 58 && at(19) === 46 && at(23) === 90) {
    const month = digits(date, 5, 2);
    const day = digits(date, 8, 2);
    const hour = digits(date, 11, 2);
    const minute = digits(date, 14, 2);
    const second = digits(date, 17, 2);
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59) {
      const ms = Date.UTC(digits(date, 0, 4), month - 1, day, hour, minute, second, digits(date, 20, 3));
      if (!Number.isNaN(ms)) {
        return ms;
      }
    }
  }
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? undefined : ms;
}
