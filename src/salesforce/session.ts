/**
 * The access token of one client, and keeping it out of every message.
 *
 * Session: a rejected token (`InvalidSessionId`, HTTP 401 / `INVALID_SESSION_ID`) makes the
 * transport call `getAccessToken(true)` once (shared by concurrent requests) and repeat the request
 * once — for every method, since a rejected request changed nothing. A second rejection is
 * `sessionExpired`, as is a token provider that fails or returns no token.
 *
 * Every token the client was handed is remembered (the last 20), so that `scrub` can remove it from
 * log lines and error texts along with anything shaped like a token (`redactTokens`).
 */
import { BulkApiError, isBulkApiError } from './errors';
import type { FailureContext } from './requestFailures';
import type { BulkClientOptions } from './types';
import { redactTokens } from '../util/redact';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** How many recent tokens are remembered for scrubbing. */
const SEEN_TOKENS_KEPT = 20;

export class Session {
  /** Every token this client was handed, so that none can slip into a message. */
  private readonly seenTokens = new Set<string>();
  private tokenPromise: Promise<string> | undefined;
  private currentToken: string | undefined;
  private refreshPromise: Promise<string> | undefined;

  constructor(private readonly options: Pick<BulkClientOptions, 'getAccessToken' | 'log'>) {}

  /**
   * The current token; with `refresh`, a fresh one unless another request already replaced
   * `rejected`. Concurrent callers share one `getAccessToken` call.
   */
  async token(refresh: boolean, ctx: FailureContext, rejected?: string): Promise<string> {
    if (refresh && this.currentToken !== undefined && this.currentToken !== rejected && this.tokenPromise !== undefined) {
      return this.tokenPromise; // another request already refreshed it
    }
    if (refresh) {
      this.refreshPromise ??= this.track(this.fetchToken(true, ctx)).finally(() => {
        this.refreshPromise = undefined;
      });
      return this.refreshPromise;
    }
    return this.tokenPromise ?? this.track(this.fetchToken(false, ctx));
  }

  /** Removes any token this client has seen, and anything shaped like a token, from a text. */
  scrub(text: string): string {
    return redactTokens(text, this.seenTokens);
  }

  /** The same error with any token removed from its texts (a belt to go with the braces). */
  safe(e: BulkApiError): BulkApiError {
    const message = this.scrub(e.message);
    const serverMessage = e.serverMessage === undefined ? undefined : this.scrub(e.serverMessage);
    if (message === e.message && serverMessage === e.serverMessage) {
      return e;
    }
    return new BulkApiError({ kind: e.kind, message, exceptionCode: e.exceptionCode, status: e.status, serverMessage });
  }

  /** A line to the client's log sink, scrubbed. */
  log(level: LogLevel, message: string): void {
    this.options.log?.(level, this.scrub(message));
  }

  /** Makes `p` the current token; forgets it again if it fails, so the next request asks anew. */
  private track(p: Promise<string>): Promise<string> {
    this.tokenPromise = p;
    p.catch(() => {
      if (this.tokenPromise === p) {
        this.tokenPromise = undefined;
      }
    });
    return p;
  }

  private async fetchToken(refresh: boolean, ctx: FailureContext): Promise<string> {
    try {
      const token = await this.options.getAccessToken(refresh);
      if (typeof token !== 'string' || token === '') {
        throw new Error('no token');
      }
      this.seenTokens.add(token);
      if (this.seenTokens.size > SEEN_TOKENS_KEPT) {
        this.seenTokens.delete(this.seenTokens.values().next().value as string);
      }
      this.currentToken = token;
      return token;
    } catch (e) {
      if (isBulkApiError(e)) {
        throw this.safe(e);
      }
      this.log('warn', `getting a token for ${ctx.orgLabel} failed: ${this.scrub(e instanceof Error ? e.message : String(e))}`);
      throw sessionExpired(ctx);
    }
  }
}

/** No token could be had at all. */
function sessionExpired(ctx: FailureContext): BulkApiError {
  return new BulkApiError({
    kind: 'sessionExpired',
    message: `Could not get a session for ${ctx.orgLabel}. Sign in again (sf org login web --alias ${ctx.orgLabel}) or add a new session id.`,
  });
}
