/**
 * Turns every way a request can fail into a `BulkApiError` whose message a person can act on.
 * Messages name the org (`orgLabel`) and the job; they never contain a token or a web page.
 *
 * Exception / error codes and what they become:
 * | kind            | 1.0 exceptionCode                                   | 2.0 errorCode / HTTP                          |
 * |-----------------|-----------------------------------------------------|-----------------------------------------------|
 * | sessionExpired  | InvalidSessionId                                    | INVALID_SESSION_ID, 401                       |
 * | notFound        | InvalidJob, InvalidBatch, Gone                      | NOT_FOUND, INVALID_ID_FIELD, 404              |
 * | noPermission    | InvalidUser, FeatureNotEnabled                      | INSUFFICIENT_ACCESS*, API_DISABLED_FOR_ORG, FUNCTIONALITY_NOT_ENABLED, 403 |
 * | quotaExceeded   | ExceededQuota                                       | REQUEST_LIMIT_EXCEEDED, 429                   |
 * | server          | InternalServerError, Timeout, TooManyLockFailure, Unknown | 5xx, UNKNOWN_EXCEPTION                  |
 * | invalidRequest  | every other code (InvalidJobState, InvalidOperation, InvalidUrl, InvalidXml, InvalidVersion, UnsupportedContentType, InvalidEntity, ClientInputError, HttpsRequired, TransactionSecurity…) and other 4xx |
 * | unexpectedResponse | web pages, malformed/truncated/empty bodies, redirects, bodies of an unexpected shape |
 */
import { BulkApiError, type BulkErrorKind } from './errors';
import { bodyFormat, parseBody, readServerError, type BodyFormat, type ServerError } from './body';
import type { HttpResponse, TransportError } from './http';

export interface FailureContext {
  /** "acme@example.com" */
  orgLabel: string;
  /** "https://acme.my.salesforce.com" */
  instanceUrl: string;
  /** What was being done, for messages: "getting the job 750…". */
  action: string;
  /** What a not-found refers to: "The job 750…", "The batch 751… of the job 750…". */
  subject: string;
  timeoutMs: number;
  /**
   * Creating a job or sending it data: Salesforce's own words always reach the message, and a
   * "not found" code (`InvalidJob: Unable to find object: Video__c`) is a refusal, not an unknown job.
   */
  creating?: boolean;
}

const CODE_KINDS: Record<string, BulkErrorKind> = {
  InvalidSessionId: 'sessionExpired',
  INVALID_SESSION_ID: 'sessionExpired',
  InvalidJob: 'notFound',
  InvalidBatch: 'notFound',
  Gone: 'notFound',
  NOT_FOUND: 'notFound',
  INVALID_ID_FIELD: 'notFound',
  InvalidUser: 'noPermission',
  FeatureNotEnabled: 'noPermission',
  INSUFFICIENT_ACCESS: 'noPermission',
  INSUFFICIENT_ACCESS_OR_READONLY: 'noPermission',
  API_DISABLED_FOR_ORG: 'noPermission',
  FUNCTIONALITY_NOT_ENABLED: 'noPermission',
  ExceededQuota: 'quotaExceeded',
  REQUEST_LIMIT_EXCEEDED: 'quotaExceeded',
  InternalServerError: 'server',
  Timeout: 'server',
  TooManyLockFailure: 'server',
  Unknown: 'server',
  UNKNOWN_EXCEPTION: 'server',
};

/** The kind for a Salesforce error code and/or HTTP status. */
export function kindOf(code: string | undefined, status: number): BulkErrorKind {
  if (code !== undefined && Object.prototype.hasOwnProperty.call(CODE_KINDS, code)) {
    return CODE_KINDS[code];
  }
  if (status === 401) {
    return 'sessionExpired';
  }
  if (status === 403) {
    return 'noPermission';
  }
  if (status === 404 || status === 410) {
    return 'notFound';
  }
  if (status === 429) {
    return 'quotaExceeded';
  }
  if (status >= 500) {
    return 'server';
  }
  return 'invalidRequest';
}

/** Whether this answer means "the token was rejected" (refresh once and retry). */
export function isSessionRejection(status: number, error: ServerError | undefined): boolean {
  return status === 401 || error?.code === 'InvalidSessionId' || error?.code === 'INVALID_SESSION_ID';
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function withServerWords(message: string, error: ServerError | undefined): string {
  if (error?.message === undefined && error?.code === undefined) {
    return message;
  }
  const words = [error.code, error.message].filter((w) => w !== undefined).join(': ');
  return `${message} (Salesforce: ${words})`;
}

/** An error answer that carried a Salesforce error (or at least a status). */
export function fromServerError(status: number, error: ServerError | undefined, ctx: FailureContext): BulkApiError {
  const found = kindOf(error?.code, status);
  const kind = ctx.creating === true && found === 'notFound' ? 'invalidRequest' : found;
  const org = ctx.orgLabel;
  let message: string;
  switch (kind) {
    case 'sessionExpired':
      message = `Your session for ${org} has expired. Sign in again (sf org login web --alias ${org}) or add a new session id.`;
      break;
    case 'notFound':
      message =
        error?.code === 'Gone'
          ? `${ctx.subject} is no longer available in ${org}: Salesforce deletes Bulk API jobs 7 days after they end.`
          : `${ctx.subject} was not found in ${org}. Check the id and the org.`;
      break;
    case 'noPermission':
      message = withServerWords(
        `${org} refused access while ${ctx.action}. The Bulk API needs the "API Enabled" permission; seeing other users' jobs needs "Manage Data Integrations" or "View Setup and Configuration".`,
        error,
      );
      break;
    case 'quotaExceeded':
      message = withServerWords(`The org's daily Bulk API allowance is used up in ${org}. Try again later.`, error);
      break;
    case 'server':
      message = withServerWords(`Salesforce had a problem while ${ctx.action} in ${org} (HTTP ${status}). Try again later.`, error);
      break;
    default:
      message = withServerWords(`Salesforce refused ${ctx.action} in ${org} (HTTP ${status}).`, error);
  }
  return new BulkApiError({ kind, message, exceptionCode: error?.code, status, serverMessage: error?.message });
}

/** An answer we cannot read: a web page, a redirect, a malformed/empty/odd body. */
export function fromUnreadable(status: number, format: BodyFormat | 'redirect' | 'shape', ctx: FailureContext): BulkApiError {
  const org = ctx.orgLabel;
  let message: string;
  if (format === 'html') {
    message = `${org} answered with a web page instead of the Bulk API (HTTP ${status}). Salesforce may be under maintenance or a proxy is in the way; try again later.`;
  } else if (format === 'redirect') {
    message = `${org} answered with a redirect (HTTP ${status}) instead of the Bulk API while ${ctx.action}. Check the instance URL (${ctx.instanceUrl}).`;
  } else if (format === 'empty') {
    message = `${org} sent an empty answer (HTTP ${status}) while ${ctx.action}. Try again.`;
  } else {
    message = `${org} sent an answer that could not be read (HTTP ${status}) while ${ctx.action}. Try again; if it keeps happening, a proxy may be changing the responses.`;
  }
  // Even with a 5xx status a web page is `unexpectedResponse` (errors.ts): the status is kept for the caller.
  return new BulkApiError({ kind: 'unexpectedResponse', message, status });
}

export function fromTransport(e: TransportError, ctx: FailureContext): BulkApiError {
  const org = ctx.orgLabel;
  switch (e.failure) {
    case 'timeout':
      return new BulkApiError({
        kind: 'timeout',
        message: `${org} did not answer within ${seconds(ctx.timeoutMs)} while ${ctx.action}. Try again later, or allow more time in the settings.`,
      });
    case 'cancelled':
      return new BulkApiError({ kind: 'cancelled', message: `Cancelled ${ctx.action}.` });
    case 'truncated':
      return new BulkApiError({
        kind: 'unexpectedResponse',
        status: e.status,
        message: `The answer from ${org} broke off while ${ctx.action}. Try again.`,
      });
    case 'network':
      return new BulkApiError({
        kind: 'network',
        message: `Cannot reach ${ctx.instanceUrl} (${e.detail}) while ${ctx.action}. Check your network or proxy settings (http.proxy).`,
      });
  }
}

/** What a non-2xx answer means: its error; `retriable` for 5xx; `sessionRejected` when the token was refused. */
export interface AnswerFailure {
  error: BulkApiError;
  retriable: boolean;
  sessionRejected: boolean;
}

/** Reads a non-2xx answer (a redirect, a Salesforce error, a web page) into what it means. */
export function fromAnswer(res: HttpResponse, ctx: FailureContext): AnswerFailure {
  if (res.status >= 300 && res.status < 400) {
    return { error: fromUnreadable(res.status, 'redirect', ctx), retriable: false, sessionRejected: false };
  }

  const serverError = readErrorBody(res);
  const retriable = res.status >= 500;
  if (isSessionRejection(res.status, serverError)) {
    const error = fromServerError(res.status, { code: serverError?.code ?? 'INVALID_SESSION_ID', message: serverError?.message }, ctx);
    return { error, retriable: false, sessionRejected: true };
  }
  const format = bodyFormat(res.contentType, res.body);
  // 429 means "slow down / allowance used up" whatever page a gateway wraps it in.
  if (serverError === undefined && format !== 'empty' && res.status !== 429) {
    return { error: fromUnreadable(res.status, format, ctx), retriable, sessionRejected: false };
  }
  return { error: fromServerError(res.status, serverError, ctx), retriable, sessionRejected: false };
}

function readErrorBody(res: HttpResponse): ServerError | undefined {
  try {
    return readServerError(parseBody(res.contentType, res.body).value);
  } catch {
    return undefined;
  }
}
