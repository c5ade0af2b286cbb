/**
 * Whether a job is tracked, when this window's memory and `globalState` disagree. VS Code keeps an
 * extension's `globalState` as one value that every write sends whole and every window gets back
 * whole, so for a moment a window can read an older value (another writer's echo), and rarely a
 * write is lost under one. So: a disagreement is adopted only when it is still there a sync later,
 * and this window's own track/untrack of the last minute is written again when what is stored is
 * older than it. No `vscode` import here.
 */
import type { JobRecord } from './jobRecords';

/** This window's own track (true) or untrack (false), and when. */
export interface Intent {
  tracked: boolean;
  at: number;
}

export const INTENT_MS = 60_000;

export type Decision = 'agree' | 'adopt' | 'rewrite' | 'wait';

/**
 * `suspectSince`: when this disagreement was first seen (undefined: now); `settleMs`: how long it
 * must last to be adopted (0 at start-up, when memory knows nothing yet).
 */
export function reconcile(stored: JobRecord | undefined, memoryTracked: boolean, intent: Intent | undefined,
  suspectSince: number | undefined, now: number, settleMs: number): Decision {
  const storedTracked = stored !== undefined && 'summary' in stored;
  if (storedTracked === memoryTracked) {
    return 'agree';
  }
  const storedAt = stored === undefined ? -Infinity : 'summary' in stored ? stored.summary.addedAt : stored.removedAt;
  if (intent && intent.tracked === memoryTracked && now - intent.at < INTENT_MS && intent.at >= storedAt) {
    return 'rewrite';
  }
  return now - (suspectSince ?? now) >= settleMs ? 'adopt' : 'wait';
}
