import { refOf } from '../../job/jobRef';
import type { PollStatusSource } from '../poller';

/** The job row's "Resume Polling": the poller polls the job again (it had stopped after errors). */
export function resumePolling(poller: PollStatusSource, arg: unknown): void {
  const ref = refOf(arg);
  if (ref) {
    poller.resume(ref);
  }
}
