/**
 * Reads a response body by its Content-Type: XML (Bulk 1.0 CSV/XML jobs and unknown ids), JSON
 * (1.0 JSON jobs, all of 2.0), or a web page (a proxy, a gateway, a maintenance page).
 */
import { parseXml, XmlRefused } from './xml';

export type BodyFormat = 'xml' | 'json' | 'html' | 'empty' | 'other';

export class BodyUnreadable extends Error {
  constructor(
    readonly format: BodyFormat,
    /** For logs only; may quote a few characters of the body but never more than a line. */
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'BodyUnreadable';
  }
}

/** Decides the format from the media type, sniffing only when the server sent none or a generic one. */
export function bodyFormat(contentType: string, body: string): BodyFormat {
  const start = body.trimStart().slice(0, 100).toLowerCase();
  if (start === '') {
    return 'empty';
  }
  if (contentType === 'text/html' || contentType === 'application/xhtml+xml' || start.startsWith('<!doctype html') || start.startsWith('<html')) {
    return 'html';
  }
  if (contentType.endsWith('/xml') || contentType.endsWith('+xml')) {
    return 'xml';
  }
  if (contentType.endsWith('/json') || contentType.endsWith('+json')) {
    return 'json';
  }
  if (start.startsWith('<')) {
    return 'xml';
  }
  if (start.startsWith('{') || start.startsWith('[')) {
    return 'json';
  }
  return 'other';
}

/** The parsed body (XML → plain objects keyed by element name, JSON → as is). Throws BodyUnreadable. */
export function parseBody(contentType: string, body: string): { format: 'xml' | 'json'; value: unknown } {
  const format = bodyFormat(contentType, body);
  if (format === 'xml') {
    try {
      return { format, value: parseXml(body) };
    } catch (e) {
      throw new BodyUnreadable(format, e instanceof XmlRefused ? e.message : 'XML parser failed');
    }
  }
  if (format === 'json') {
    try {
      return { format, value: JSON.parse(body) as unknown };
    } catch (e) {
      throw new BodyUnreadable(format, `malformed JSON (${e instanceof Error ? e.message.slice(0, 120) : 'parse error'})`);
    }
  }
  throw new BodyUnreadable(format, format === 'empty' ? 'empty body' : `not XML or JSON (Content-Type ${contentType || 'none'})`);
}

export interface ServerError {
  /** 1.0 `exceptionCode` / 2.0 `errorCode`. */
  code?: string;
  /** 1.0 `exceptionMessage` / 2.0 `message`, cleaned and capped. */
  message?: string;
}

function text(value: unknown): string | undefined {
  if (typeof value !== 'string') {
    return undefined;
  }
  // Salesforce's own words, but kept to one short paragraph of plain text.
  const clean = Array.from(value, (c) => (c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127 ? ' ' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return clean === '' ? undefined : clean.length > 300 ? clean.slice(0, 299) + '…' : clean;
}

/**
 * The error Salesforce describes in a (parsed) body: 1.0 `<error><exceptionCode>…`, JSON
 * `{"exceptionCode", "exceptionMessage"}`, 2.0 `[{"errorCode", "message"}]`. Undefined when the body
 * is not one of these.
 */
export function readServerError(value: unknown): ServerError | undefined {
  let rec: unknown = Array.isArray(value) ? value[0] : value;
  if (rec !== null && typeof rec === 'object' && 'error' in rec) {
    rec = (rec as { error: unknown }).error;
  }
  if (rec === null || typeof rec !== 'object' || Array.isArray(rec)) {
    return undefined;
  }
  const r = rec as Record<string, unknown>;
  const code = text(r.exceptionCode) ?? text(r.errorCode);
  const message = text(r.exceptionMessage) ?? text(r.message);
  if (code === undefined && message === undefined) {
    return undefined;
  }
  return { code, message };
}
