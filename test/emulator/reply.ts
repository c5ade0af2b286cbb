/** What a route answers, before faults, gzip and headers common to every response are applied. */
import type { Upload } from './upload';
import { jsonCompact, jsonPretty, JsonValue, xmlError } from './format';

export interface Reply {
  status: number;
  contentType: string;
  /** A string, or chunks produced lazily (large result files). */
  body: string | Iterable<string>;
  headers?: Record<string, string>;
}

export interface RequestContext {
  method: string;
  /** Path without query, double slashes collapsed. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  now: number;
  /** Upload paths (ingest.ts): the CSV body, read as it streamed in, instead of `body`. */
  upload?: Upload;
}

export const CT_XML = 'application/xml; charset=UTF-8';
export const CT_JSON = 'application/json; charset=UTF-8';
export const CT_CSV = 'text/csv; charset=UTF-8';
export const CT_HTML = 'text/html; charset=UTF-8';
export const CT_TEXT = 'text/plain; charset=UTF-8';

export function header(ctx: RequestContext, name: string): string {
  const v = ctx.headers[name.toLowerCase()];
  return Array.isArray(v) ? v.join(', ') : v ?? '';
}

/** For a Bulk 1.0 request about no known job: JSON if the request asked for it, else XML. */
export function requestWantsJson(ctx: RequestContext): boolean {
  const accept = header(ctx, 'accept').toLowerCase();
  const contentType = header(ctx, 'content-type').toLowerCase();
  if (accept.includes('json') && !accept.includes('xml')) {
    return true;
  }
  if (accept.includes('xml')) {
    return false;
  }
  return contentType.includes('json');
}

export function bulk1Error(json: boolean, exceptionCode: string, exceptionMessage: string, status = 400): Reply {
  return json
    ? { status, contentType: CT_JSON, body: jsonPretty({ exceptionCode, exceptionMessage }) }
    : { status, contentType: CT_XML, body: xmlError(exceptionCode, exceptionMessage) };
}

export function restError(status: number, errorCode: string, message: string): Reply {
  return { status, contentType: CT_JSON, body: jsonCompact([{ errorCode, message }]) };
}

export function jsonReply(value: JsonValue, status = 200): Reply {
  return { status, contentType: CT_JSON, body: jsonCompact(value) };
}

export const NOT_FOUND_MESSAGE = 'The requested resource does not exist';

export function htmlPage(status: number): Reply {
  const titles: Record<number, string> = {
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  const title = titles[status] ?? (status === 200 ? 'Sign in' : 'Error');
  const text = status === 503
    ? 'This Salesforce instance is down for scheduled maintenance. Please try again later.'
    : status === 200 ? 'Your session has ended. Please sign in again.' : `The server answered ${status} ${title}.`;
  return {
    status,
    contentType: CT_HTML,
    body: `<!DOCTYPE html>\n<html><head><title>${status} ${title}</title><style>body{font-family:sans-serif}</style></head>\n<body><h1>${title}</h1><p>${text}</p><hr><address>proxy.emulator.example</address></body></html>\n`,
  };
}

/** The whole body as one string (used before corrupting a reply). */
export function bodyText(reply: Reply): string {
  return typeof reply.body === 'string' ? reply.body : [...reply.body].join('');
}
