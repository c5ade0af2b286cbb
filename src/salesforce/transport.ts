/**
 * One request loop for every call to the Bulk API: token → attempt → session refresh → retry with
 * backoff, whether the answer is a parsed body (`request`) or a streamed result file (`stream`).
 *
 * Requests (see `http.ts`): one deadline per attempt (`timeoutMs`), the caller's AbortSignal honoured,
 * gzip, no redirects, bodies parsed by their Content-Type.
 *
 * Retries: only GETs (idempotent), and only when no usable answer came: a network error before
 * or during the response (refused, reset, broken-off body) or a 5xx status; up to `maxRetries`
 * times with backoff `retryBaseMs · 2^n` capped at 4 s, cancelled by the caller's signal. A timeout
 * is NOT retried: the request already used its whole budget, and retrying would multiply the wait
 * (3 × 30 s) while the user stares at a spinner; the error is transient and the UI offers "Retry".
 * POST/PATCH/PUT are never retried on failure (they may have been applied). A stream is retried only
 * before its body starts. An upload body that is a stream is sent once: not even a session refresh
 * sends it again (the job was created just before, with a token that worked).
 *
 * Session refresh: see `session.ts`.
 */
import { Readable } from 'stream';
import { BulkApiError, isBulkApiError } from './errors';
import { delayUnlessAborted, throwIfAborted, untilAborted } from './abortable';
import { BodyUnreadable, parseBody } from './body';
import { fromAnswer, fromTransport, fromUnreadable, type AnswerFailure, type FailureContext } from './requestFailures';
import { createHttpClient, TransportError, type HttpClient, type HttpMethod, type HttpRequest, type HttpResponse, type HttpStreamResponse } from './http';
import { readSmallBody, wrapStream } from './streamBody';
import type { Session } from './session';
import type { ApiUsage, BulkClientOptions, BulkStream, RequestOptions } from './types';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_RETRY_BASE_MS = 250;
const MAX_BACKOFF_MS = 4_000;

export interface Call {
  flavour: '1.0' | '2.0';
  method: HttpMethod;
  /** Path from the instance root, starting with `/services/`. */
  path: string;
  /** A `Readable` body (an upload) is sent once: it is never retried, not even after a session refresh. */
  body?: { contentType: string; text: string | Buffer | Readable };
  /** Overrides the flavour's default Accept header (result files are CSV, XML or JSON). */
  accept?: string;
  /** A 2xx answer with no body is the expected one (a 2.0 upload answers 201 Created, empty). */
  emptyOk?: boolean;
}

type Outcome<T> = { ok: true; value: T } | ({ ok: false } & AnswerFailure);

/** How one attempt's answer is read: `R` is what the HTTP client returns, `T` what the caller gets. */
interface AnswerReader<T, R extends Omit<HttpResponse, 'body'>> {
  /** Said in the debug line after the status. */
  note: string;
  open(request: HttpRequest): Promise<R>;
  /** A 2xx answer. */
  success(res: R, call: Call, ctx: FailureContext): Outcome<T>;
  /** Any other answer, read whole so its error body can be understood. */
  whole(res: R): Promise<HttpResponse>;
}

/** `Sforce-Limit-Info: api-usage=18/15000` → {used, max}. */
export function parseLimitInfo(header: string | undefined, at: number): ApiUsage | undefined {
  const m = header === undefined ? null : /(?:^|[\s,;])api-usage=(\d+)\/(\d+)/.exec(header);
  return m ? { used: Number(m[1]), max: Number(m[2]), at } : undefined;
}

export class Transport {
  private readonly orgLabel: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly http: HttpClient = createHttpClient();
  private usage: ApiUsage | undefined;

  private readonly parsed: AnswerReader<unknown, HttpResponse> = {
    note: '',
    open: (request) => this.http.send(request),
    success: (res, call, ctx) => this.parse(res, call, ctx),
    whole: async (res) => res,
  };

  private readonly streamed: AnswerReader<BulkStream, HttpStreamResponse> = {
    note: ' (streaming)',
    open: (request) => this.http.openStream(request),
    success: (res, _call, ctx) => ({ ok: true, value: wrapStream(res, ctx, this.session) }),
    whole: readSmallBody,
  };

  constructor(
    readonly instanceUrl: string,
    readonly session: Session,
    options: Pick<BulkClientOptions, 'orgLabel' | 'timeoutMs' | 'maxRetries' | 'retryBaseMs'>,
  ) {
    this.orgLabel = options.orgLabel ?? new URL(instanceUrl).host;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxRetries = Math.max(0, options.maxRetries ?? DEFAULT_MAX_RETRIES);
    this.retryBaseMs = Math.max(0, options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS);
  }

  /** The last `Sforce-Limit-Info` seen, if any. */
  get lastApiUsage(): ApiUsage | undefined {
    return this.usage;
  }

  /** What error messages of one call name: the org, what was being done, to what. */
  context(action: string, subject: string, options: RequestOptions): FailureContext {
    return { orgLabel: this.orgLabel, instanceUrl: this.instanceUrl, action, subject, timeoutMs: options.timeoutMs ?? this.timeoutMs };
  }

  /** Runs a normaliser; a body of the wrong shape becomes an `unexpectedResponse` naming the org. */
  shape<T>(normalise: () => T, ctx: FailureContext): T {
    try {
      return normalise();
    } catch (e) {
      if (isBulkApiError(e) && e.kind === 'unexpectedResponse') {
        throw this.session.safe(
          new BulkApiError({ kind: 'unexpectedResponse', status: 200, message: `${e.message.replace(/\.$/, '')} (from ${ctx.orgLabel}, while ${ctx.action}).` }),
        );
      }
      throw e;
    }
  }

  /** Sends a call; resolves to the parsed body of a 2xx answer. */
  request(call: Call, ctx: FailureContext, options: RequestOptions): Promise<unknown> {
    return this.run(call, ctx, options, this.parsed);
  }

  /** Opens a streamed call; errors while the body is read become `BulkApiError`s. */
  stream(call: Call, ctx: FailureContext, options: RequestOptions): Promise<BulkStream> {
    return this.run(call, ctx, options, this.streamed);
  }

  /** The loop: attempts with one session refresh and, for GETs, retries with backoff. */
  private async run<T, R extends Omit<HttpResponse, 'body'>>(call: Call, ctx: FailureContext, options: RequestOptions, reader: AnswerReader<T, R>): Promise<T> {
    let refreshed = false;
    let retries = 0;
    for (;;) {
      throwIfAborted(options.signal, ctx);
      const token = await untilAborted(this.session.token(false, ctx), options.signal, ctx);
      const outcome = await this.attempt(call, token, ctx, options, reader);
      if (outcome.ok) {
        return outcome.value;
      }
      if (outcome.sessionRejected && !refreshed && !(call.body?.text instanceof Readable)) {
        refreshed = true;
        this.session.log('info', `${call.method} ${call.path}: session rejected; getting a fresh token`);
        await untilAborted(this.session.token(true, ctx, token), options.signal, ctx);
        continue;
      }
      if (outcome.retriable && call.method === 'GET' && retries < this.maxRetries) {
        this.session.log('warn', `${call.method} ${call.path}: ${outcome.error.kind} (${outcome.error.status ?? 'no answer'}); retrying`);
        await this.backoff(retries++, options.signal, ctx);
        continue;
      }
      throw this.session.safe(outcome.error);
    }
  }

  /**
   * One HTTP exchange. `retriable`: no usable answer came (network, broken-off body, 5xx) — the
   * loop decides whether the method may be repeated. `sessionRejected`: the token was refused.
   */
  private async attempt<T, R extends Omit<HttpResponse, 'body'>>(
    call: Call,
    token: string,
    ctx: FailureContext,
    options: RequestOptions,
    reader: AnswerReader<T, R>,
  ): Promise<Outcome<T>> {
    const started = Date.now();
    let res: R;
    try {
      res = await reader.open({
        method: call.method,
        url: this.instanceUrl + call.path,
        headers: headers(call, token),
        body: call.body?.text,
        timeoutMs: ctx.timeoutMs,
        signal: options.signal,
      });
    } catch (e) {
      if (!(e instanceof TransportError)) {
        throw e;
      }
      this.session.log('warn', `${call.method} ${call.path} failed: ${e.failure} (${e.detail}) after ${Date.now() - started} ms`);
      // A timeout is not retried (see the top of this file); cancellation never.
      const retriable = e.failure === 'network' || e.failure === 'truncated';
      return { ok: false, error: fromTransport(e, ctx), retriable, sessionRejected: false };
    }
    this.session.log('debug', `${call.method} ${call.path} → ${res.status} ${res.contentType || '-'}${reader.note} ${Date.now() - started} ms`);
    const usage = parseLimitInfo(res.headers['sforce-limit-info'], Date.now());
    if (usage !== undefined) {
      this.usage = usage;
    }
    if (res.status >= 200 && res.status < 300) {
      return reader.success(res, call, ctx);
    }
    return { ok: false, ...fromAnswer(await reader.whole(res), ctx) };
  }

  /** A 2xx body parsed by its Content-Type; one that cannot be read is `unexpectedResponse`. */
  private parse(res: HttpResponse, call: Call, ctx: FailureContext): Outcome<unknown> {
    if (call.emptyOk === true && res.body.trim() === '') {
      return { ok: true, value: undefined };
    }
    try {
      return { ok: true, value: parseBody(res.contentType, res.body).value };
    } catch (e) {
      if (!(e instanceof BodyUnreadable)) {
        throw e;
      }
      this.session.log('warn', `${call.method} ${call.path}: unreadable ${e.format} body: ${e.detail}`);
      return { ok: false, error: fromUnreadable(res.status, e.format, ctx), retriable: false, sessionRejected: false };
    }
  }

  /** Waits `retryBaseMs · 2^attempt` (at most 4 s) unless the caller aborts first. */
  private backoff(attempt: number, signal: AbortSignal | undefined, ctx: FailureContext): Promise<void> {
    const ms = Math.min(this.retryBaseMs * 2 ** attempt, MAX_BACKOFF_MS);
    return delayUnlessAborted(ms, signal, () => this.session.safe(fromTransport(new TransportError('cancelled', 'aborted during backoff'), ctx)));
  }
}

function headers(call: Call, token: string): Record<string, string> {
  const out: Record<string, string> =
    call.flavour === '1.0'
      ? { 'X-SFDC-Session': token, Accept: call.accept ?? 'application/xml' }
      : { Authorization: `Bearer ${token}`, Accept: call.accept ?? 'application/json' };
  if (call.body !== undefined) {
    out['Content-Type'] = call.body.contentType;
  }
  return out;
}
