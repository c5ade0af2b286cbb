/**
 * A job's status as a person sees it: its tone (the one colour family for icons in the tree, the
 * hover and the details panel), the codicon and theme colour of that tone, and its words. The one
 * owner of status → icon and status words; `ui/jobText.ts` only turns a codicon into a ThemeIcon.
 * Pure: no vscode, no DOM; words through the caller's translate function.
 */
import type { BulkBatch, DerivedStatus } from '../salesforce/types';
import type { Translate } from './format';

export type Tone = 'passed' | 'warning' | 'failed' | 'running' | 'queued' | 'open' | 'aborted' | 'unknown';

/** The tone of a derived status; `unknown` while the status is not known. */
export function toneOf(status: DerivedStatus | undefined): Tone {
  switch (status) {
    case 'completed': return 'passed';
    case 'completedWithFailures': return 'warning';
    case 'failed': return 'failed';
    case 'aborted': return 'aborted';
    case 'running': return 'running';
    case 'queued': return 'queued';
    case 'open': return 'open';
    default: return 'unknown';
  }
}

/**
 * The tone of a Bulk 1.0 batch (the batches table's badge, the timeline's colour): completed with
 * failed records is a warning; `unknown` for a state this version does not know.
 */
export function batchTone(batch: Pick<BulkBatch, 'state' | 'numberRecordsFailed'>): Tone {
  switch (batch.state) {
    case 'Completed': return (batch.numberRecordsFailed ?? 0) > 0 ? 'warning' : 'passed';
    case 'Failed': return 'failed';
    case 'InProgress': return 'running';
    case 'Queued': return 'queued';
    case 'NotProcessed': return 'aborted';
    default: return 'unknown';
  }
}

/** A codicon id and, when it has one, a theme colour id. */
export interface Codicon {
  id: string;
  color?: string;
}

/** The icon of each tone: the tree's icons, and the hover's `$(id)`. */
export const TONE_CODICONS: Readonly<Record<Tone, Codicon>> = {
  passed: { id: 'pass', color: 'testing.iconPassed' },
  warning: { id: 'warning', color: 'list.warningForeground' },
  failed: { id: 'error', color: 'testing.iconFailed' },
  running: { id: 'sync~spin' },
  queued: { id: 'clock', color: 'charts.blue' },
  open: { id: 'circle-large-outline', color: 'charts.blue' },
  aborted: { id: 'circle-slash', color: 'disabledForeground' },
  unknown: { id: 'question' },
};

/** The icon of a derived status. */
export function statusCodicon(status: DerivedStatus | undefined): Codicon {
  return TONE_CODICONS[toneOf(status)];
}

/** A derived status in a word or two: "running", "completed with failures". */
export function statusLabel(status: DerivedStatus, t: Translate): string {
  switch (status) {
    case 'open': return t('open');
    case 'queued': return t('queued');
    case 'running': return t('running');
    case 'completed': return t('completed');
    case 'completedWithFailures': return t('completed with failures');
    case 'failed': return t('failed');
    case 'aborted': return t('aborted');
  }
}

/** A Bulk 2.0 state in words ("Upload complete", "In progress", "Completed"); other states as Salesforce names them. */
export function stateLabel(state: string, t: Translate): string {
  switch (state) {
    case 'UploadComplete': return t('Upload complete');
    case 'InProgress': return t('In progress');
    case 'JobComplete': return t('Completed');
    default: return state;
  }
}
