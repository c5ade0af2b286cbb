/**
 * One error type for everything that can go wrong talking to Salesforce. The message is for a
 * person: it says what happened and what to do. It never contains a token and never a whole HTML page.
 */

export type BulkErrorKind =
  /** Token expired or revoked even after one refresh: re-authenticate. */
  | 'sessionExpired'
  /** Unknown job or batch id in this org (`InvalidJob`, `InvalidBatch`, 404). */
  | 'notFound'
  /** `InvalidUser`, `FeatureNotEnabled`, 403, insufficient access. */
  | 'noPermission'
  /** `ExceededQuota`, `REQUEST_LIMIT_EXCEEDED`, 429. */
  | 'quotaExceeded'
  /** The request took longer than the timeout. */
  | 'timeout'
  /** DNS, refused, reset, unreachable. */
  | 'network'
  /** Cancelled by the caller's AbortSignal. */
  | 'cancelled'
  /** The request was refused as invalid (`InvalidJobState`, `InvalidOperation`, `InvalidUrl`, bad id …). */
  | 'invalidRequest'
  /** Salesforce answered 5xx (after retries). */
  | 'server'
  /** A body we could not read: HTML from a proxy, truncated or malformed XML/JSON, unexpected shape. */
  | 'unexpectedResponse';

export interface BulkApiErrorInit {
  kind: BulkErrorKind;
  message: string;
  /** Bulk 1.0 `exceptionCode` or Bulk 2.0 `errorCode`, when Salesforce sent one. */
  exceptionCode?: string;
  /** HTTP status, when there was a response. */
  status?: number;
  /** Salesforce's own text (`exceptionMessage` / `message`), trimmed; never a token, never HTML. */
  serverMessage?: string;
  cause?: unknown;
}

export class BulkApiError extends Error {
  readonly kind: BulkErrorKind;
  readonly exceptionCode?: string;
  readonly status?: number;
  readonly serverMessage?: string;

  constructor(init: BulkApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'BulkApiError';
    this.kind = init.kind;
    this.exceptionCode = init.exceptionCode;
    this.status = init.status;
    this.serverMessage = init.serverMessage;
  }

  /** Worth trying again later without changing anything (the VS Code layer offers "Retry"): `isTransient`. */
  get transient(): boolean {
    return isTransient(this.kind);
  }
}

/**
 * The one rule of what is worth trying again later without changing anything: a timeout, a network
 * failure, a 5xx, and an answer that could not be read (a proxy's HTML page, a truncated or
 * malformed body: usually gone on the next try). The poller backs these off and tries again; the
 * VS Code layer offers "Retry". The org's allocation used up (`quotaExceeded`) is not: it waits longer.
 */
export function isTransient(kind: BulkErrorKind): boolean {
  return kind === 'timeout' || kind === 'network' || kind === 'server' || kind === 'unexpectedResponse';
}

export function isBulkApiError(e: unknown): e is BulkApiError {
  return e instanceof BulkApiError;
}
