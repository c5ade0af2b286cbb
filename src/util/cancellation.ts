/**
 * The one bridge from a VS Code cancellation token to the AbortSignal that `src/api/` takes (and
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
