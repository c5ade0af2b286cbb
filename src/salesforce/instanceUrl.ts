/**
 * The one rule for a Salesforce instance URL: `https://host`, or `http://` on loopback only (the
 * emulator); never a user name or password in it. Used by the client and by the "Add Org" input.
 */
import { BulkApiError } from './errors';

/** localhost, 127.0.0.0/8 and [::1]: the only hosts an `http://` instance URL may name. */
export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Parses `https://host` (or `http://` on loopback): no credentials, path, query or fragment. Returns the origin. */
export function normalizeInstanceUrl(input: string): string {
  const invalid = (why: string): BulkApiError =>
    new BulkApiError({ kind: 'invalidRequest', message: `The instance URL ${JSON.stringify(input.slice(0, 200))} cannot be used: ${why}` });
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw invalid('it is not a URL (expected https://yourdomain.my.salesforce.com).');
  }
  if (url.username !== '' || url.password !== '') {
    // Do not echo the input: it holds credentials.
    throw new BulkApiError({ kind: 'invalidRequest', message: 'The instance URL cannot contain a user name or password.' });
  }
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw invalid('it must use https:// (http:// is allowed only for 127.0.0.1, localhost or [::1]).');
    }
  } else if (url.protocol !== 'https:') {
    throw invalid('it must use https://.');
  }
  if (url.pathname.replace(/\/+$/, '') !== '' || url.search !== '' || url.hash !== '') {
    throw invalid('it must be only the scheme and host, like https://yourdomain.my.salesforce.com.');
  }
  return url.origin;
}

export type InstanceUrlProblem = 'empty' | 'invalid' | 'insecure' | 'credentials';

export type InstanceUrlCheck = { ok: true; url: string } | { ok: false; problem: InstanceUrlProblem };

/**
 * An instance URL typed by a person: `https://…`, or `http://` on loopback only (the emulator);
 * no user or password in it. Anything after the host is dropped (people paste a Setup page's
 * address); the result has no trailing slash.
 */
export function checkInstanceUrl(input: string): InstanceUrlCheck {
  const text = input.trim();
  if (text === '') {
    return { ok: false, problem: 'empty' };
  }
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    return { ok: false, problem: 'invalid' };
  }
  if (url.username || url.password) {
    return { ok: false, problem: 'credentials' };
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { ok: false, problem: 'insecure' };
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.hostname) {
    return { ok: false, problem: 'invalid' };
  }
  return { ok: true, url: url.origin };
}
