/**
 * The one bridge from a VS Code cancellation token to the AbortSignal that `src/salesforce/` takes (and
 * passes down to axios). Structural, so it needs no `vscode` import and is tested in plain Node.
 */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
  onCancellationRequested(listener: () => unknown): { dispose(): unknown };
}

/** An AbortSignal that is aborted when `token` is cancelled (at once if it already is). */
export function signalOf(token: CancellationLike): AbortSignal {
  const controller = new AbortController();
  if (token.isCancellationRequested) {
    controller.abort();
  } else {
    token.onCancellationRequested(() => controller.abort());
  }
  return controller.signal;
}

/**
 * `work` with a cap: after `ms`, or when `parent` aborts, the signal handed to `work` is aborted (so
 * every request made with it closes at once, nothing runs on in the background) and the result is
 * `undefined` without waiting for `work` to notice. The one way a wait is capped here: never a
 * `Promise.race` with a bare timer, which gives up waiting but leaves the requests running.
 */
export function withCap<T>(ms: number, parent: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
  const controller = new AbortController();
  if (parent?.aborted) {
    controller.abort();
    return Promise.resolve(undefined);
  }
  return new Promise<T | undefined>((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', stop);
    };
    function stop(): void {
      done();
      controller.abort();
      resolve(undefined);
    }
    const timer = setTimeout(stop, ms);
    parent?.addEventListener('abort', stop, { once: true });
    work(controller.signal).then(
      (value) => { done(); resolve(value); },
      (e: unknown) => { done(); reject(e); },
    );
  });
}
