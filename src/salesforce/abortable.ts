/**
 * Waits that the caller's AbortSignal cuts short: for the token provider, for a retry's backoff.
 * A cancelled wait rejects with `cancelled`, naming the org and what was being done.
 */
import { fromTransport, type FailureContext } from './requestFailures';
import { TransportError } from './http';

/** Waits for `p` unless the caller aborts first (a slow token provider must not outlive a cancel). */
export function untilAborted<T>(p: Promise<T>, signal: AbortSignal | undefined, ctx: FailureContext): Promise<T> {
  if (signal === undefined) {
    return p;
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(cancelled(ctx));
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}

export function throwIfAborted(signal: AbortSignal | undefined, ctx: FailureContext): void {
  if (signal?.aborted) {
    throw cancelled(ctx);
  }
}

/** Resolves after `ms`; rejects at once with `onAbort()` when `signal` is (or becomes) aborted. */
export function delayUnlessAborted(ms: number, signal: AbortSignal | undefined, onAbort: () => Error): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const abort = (): void => {
      clearTimeout(timer);
      reject(onAbort());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', abort, { once: true });
    if (signal?.aborted) {
      abort();
    }
  });
}

function cancelled(ctx: FailureContext): Error {
  return fromTransport(new TransportError('cancelled', 'aborted'), ctx);
}
