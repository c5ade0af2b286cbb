/**
 * What the tree and the status bar say when polling is slowed or paused, and why, from the poll plan's
 * `PollStatus` (`pollRules.ts`). Pure (no vscode): the caller hands in the translator and the display language.
 */
import type { BulkErrorKind } from '../salesforce/errors';
import { usagePercent, type PollStatus } from './pollRules';
import { Translate, formatCount, formatDuration } from '../job/format';

export interface PollText {
  /** "polling paused: API usage 96% of 15,000". */
  text: string;
  /** A codicon id for the job's icon. */
  icon: string;
}

function why(error: BulkErrorKind, t: Translate): string {
  switch (error) {
    case 'quotaExceeded': return t('Salesforce says the request limit is exceeded');
    case 'server': return t('Salesforce answered with a server error');
    case 'timeout': return t('the request timed out');
    case 'network': return t('Salesforce could not be reached');
    default: return t('the answer could not be read');
  }
}

/** The words for a status that is not `normal`; undefined for `normal`. `now` turns due times into "in 8 min". */
export function pollText(status: PollStatus, now: number, t: Translate, locale?: string): PollText | undefined {
  const within = (at: number): string => formatDuration(Math.max(0, at - now), { coarse: true, locale });
  switch (status.kind) {
    case 'normal':
      return undefined;
    case 'slowed':
      return { text: t('polling slowed: API usage {0}% of {1}', usagePercent(status.usage), formatCount(status.usage.max, locale)), icon: 'dashboard' };
    case 'usagePaused':
      return { text: t('polling paused: API usage {0}% of {1}', usagePercent(status.usage), formatCount(status.usage.max, locale)), icon: 'debug-pause' };
    case 'retrying':
      return status.at - now < 1_000
        ? { text: t('retrying now: {0}', why(status.error, t)), icon: 'history' }
        : { text: t('retrying in {0}: {1}', within(status.at), why(status.error, t)), icon: 'history' };
    case 'waiting':
      return { text: t('waiting for data: polled every {0}', formatDuration(status.everyMs, { coarse: true, locale })), icon: 'watch' };
    case 'idleStopped':
      return { text: t('not polled: waiting for data for a day — Resume Polling'), icon: 'debug-pause' };
    case 'signedOut':
      return { text: t('not polled: sign in to the org again'), icon: 'debug-disconnect' };
  }
}

/** Which status to show when there are several (the status bar): the one that holds polling back most. */
const ORDER: readonly PollStatus['kind'][] = ['usagePaused', 'retrying', 'signedOut', 'slowed', 'idleStopped', 'waiting', 'normal'];

export function mostImportant(statuses: Iterable<PollStatus>): PollStatus | undefined {
  let best: PollStatus | undefined;
  for (const s of statuses) {
    if (!best || ORDER.indexOf(s.kind) < ORDER.indexOf(best.kind)) {
      best = s;
    }
  }
  return best;
}
