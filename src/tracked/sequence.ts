/**
 * The order of a job's fetches and of the answers to Close/Abort: a fetch that started before
 * the last such answer brings an older state and is dropped, so a poll in flight cannot undo a
 * Close or Abort on screen. No `vscode` import here.
 */
export class FetchOrder {
  private counter = 0;
  private readonly changedAt = new Map<string, number>();

  /** Call when a fetch starts; hand the ticket to `isStale` when it answers. */
  begin(): number {
    return ++this.counter;
  }

  /** Call when the answer to a change (Close, Abort) of the job arrives. */
  changed(key: string): void {
    this.changedAt.set(key, ++this.counter);
  }

  /** True when the fetch with this ticket started before the job's last change answered. */
  isStale(key: string, ticket: number): boolean {
    return ticket < (this.changedAt.get(key) ?? 0);
  }
}
