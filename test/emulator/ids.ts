/**
 * Salesforce-style ids for the emulator: 15 characters plus the 3-character case suffix.
 * Written apart from src/salesforce/ids.ts on purpose: the emulator stands for Salesforce, so a bug in the
 * client's suffix code must not be mirrored by the server the tests run against.
 */

const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 18-character form of a 15-character id (returns 18-character ids unchanged). */
export function to18(id: string): string {
  if (id.length !== 15) {
    return id;
  }
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') {
        bits |= 1 << i;
      }
    }
    suffix += SUFFIX_CHARS.charAt(bits);
  }
  return id + suffix;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Left-padded base-62 digits of a non-negative integer. */
export function base62(n: number, width: number): string {
  let s = '';
  let v = Math.floor(n);
  while (v > 0) {
    s = BASE62.charAt(v % 62) + s;
    v = Math.floor(v / 62);
  }
  return s.padStart(width, '0').slice(-width);
}

/** `prefix` (3 chars) + `tag` (2 chars) + 10 base-62 digits of `n`, as an 18-char id. */
export function makeId(prefix: string, tag: string, n: number): string {
  return to18(prefix + tag + base62(n, 10));
}

/** A small deterministic string hash (FNV-1a, 32 bits). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
