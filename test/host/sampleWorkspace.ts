import * as fs from 'fs';
import * as path from 'path';
import { SFDX_WORKSPACE_FIXTURE } from '../emulator/tooling';

/** Job ids of the emulator's `demo` seed that the sample files mention (18-char, and a 15-char form). */
export const SAMPLE_JOB_ID = '750D00000004SkLIAU';
export const SAMPLE_JOB_ID_15 = '750D00000004SkG';

/**
 * A workspace folder as a person who loads data would have: a Data Loader-style log and a results CSV
 * that mention Bulk API job ids (for the hover and "look up job" features), in the SFDX project of the
 * org's metadata (test/fixtures/sfdx-workspace: two package directories, the Apex, validation rule and
 * flow that the emulator's `causes` failures name). Used by the demo and UI tests.
 */
export function writeSampleWorkspace(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(SFDX_WORKSPACE_FIXTURE, dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'load.log'), [
    '2015-12-15 21:41:45,120 INFO  [main] Bulk API load of Account started',
    `2015-12-15 21:41:45,870 INFO  [main] Created job ${SAMPLE_JOB_ID} (operation=insert, object=Account, contentType=CSV)`,
    `2015-12-15 21:41:46,010 INFO  [main] Job ${SAMPLE_JOB_ID}: batch 751D00000004YGZIA2 queued`,
    `2015-12-15 20:45:25,000 INFO  [main] Earlier job ${SAMPLE_JOB_ID_15} (15-character id from an old report)`,
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'results.csv'), [
    'jobId,object,operation,state',
    `${SAMPLE_JOB_ID},Account,insert,Open`,
    `${SAMPLE_JOB_ID_15},Account,insert,Open`,
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'README.md'), [
    '# Bulk Job Inspector demo workspace',
    '',
    'Open the **Bulk Jobs** view in the activity bar, or hover a job id in `load.log` or `results.csv`.',
    '',
  ].join('\n'));
  return dir;
}
