/**
 * Guards for values read back from JSON (stored state, CLI output, Salesforce bodies, webview
 * messages): the one place that says what a plain object, a usable number or a list of strings is.
 * Plain Node, no vscode.
 */

/** A plain object (not null, not an array) whose keys can be read. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A finite number, or undefined (NaN, Infinity and strings are not numbers here). */
export function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The strings of a list (other entries dropped); an empty list when it is not a list. */
export function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
}
