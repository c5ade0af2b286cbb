import * as fs from 'fs';
import * as path from 'path';
import { openViewContainer, readActivationTime } from '../e2e/workbench';
import { startE2eSession } from '../e2e/session';
import type { Row } from './index';
import { median, ms } from './stats';

const PAGES = 3;
const DISPLAY_NAME = 'Bulk Job Inspector for Salesforce';

/** Every "Bulk Jobs" log file under the server's user-data dir (one per extension host). */
function activationLines(userDataDir: string): number[] {
  const found: number[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('Bulk Jobs.log')) {
        for (const m of fs.readFileSync(full, 'utf8').matchAll(/activated in ([\d.]+) ms/g)) found.push(Number(m[1]));
      }
    }
  };
  walk(userDataDir);
  return found;
}

/**
 * Activation in the real extension host (code-server, the packaged .vsix), one fresh window (so a fresh
 * extension host) per round, activated by opening the Bulk Jobs view:
 * - what VS Code reports in Running Extensions (code loading + the activate() call), and
 * - the activate() call alone, as the extension logs it to its "Bulk Jobs" output channel.
 */
export async function benchActivation(): Promise<Row[]> {
  const session = await startE2eSession();
  try {
    const reported: number[] = [];
    for (let i = 0; i < PAGES; i++) {
      const page = await session.openWorkbench();
      await openViewContainer(page, 'Bulk Jobs');
      reported.push((await readActivationTime(page, DISPLAY_NAME)).ms);
    }
    const calls = activationLines(session.server.userDataDir);
    return [
      { name: `VS Code's activation time (load + activate), median of ${PAGES}`, value: ms(median(reported)) },
      {
        name: `activate() call as logged, median of ${calls.length}`,
        value: calls.length ? ms(median(calls)) : 'not found in the logs',
        aim: '≤ 20 ms',
        met: calls.length > 0 && median(calls) <= 20,
      },
    ];
  } finally {
    await session.stop();
  }
}
