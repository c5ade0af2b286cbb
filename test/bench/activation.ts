import * as fs from 'fs';
import * as path from 'path';
import { hoverWord, openFile, openViewContainer, quickInput, readActivationTime, runCommand, expectVisible } from '../e2e/workbench';
import { startE2eSession } from '../e2e/session';
import { SAMPLE_JOB_ID } from '../host/sampleWorkspace';
import type { Row } from './index';
import { median, ms } from './stats';

const PAGES = 3;
const DISPLAY_NAME = 'Bulk Job Inspector for Salesforce';

/** The "Bulk Jobs" log file of each extension host (one per window) under the server's user-data dir. */
function logFiles(userDataDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('Bulk Jobs.log')) found.push(full);
    }
  };
  walk(userDataDir);
  return found;
}

const numbers = (file: string, pattern: RegExp): number[] =>
  [...fs.readFileSync(file, 'utf8').matchAll(pattern)].map((m) => Number(m[1]));
/** What the extension logs when code left out of activation is loaded on first use (`src/util/lazy.ts`). */
const LAZY = /\[lazy\] \S+ loaded in ([\d.]+) ms/g;
const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/**
 * Activation in the real extension host (code-server, the packaged .vsix), one fresh window (so a fresh
 * extension host) per round, activated by opening the Bulk Jobs view:
 * - what VS Code reports in Running Extensions (code loading + the activate() call);
 * - the activate() call alone, as the extension logs it to its "Bulk Jobs" output channel;
 * - what loading late costs: the chunks loaded for the first hover on an id the window does not know
 *   yet, and then for the first Look Up, as the extension logs them.
 */
export async function benchActivation(): Promise<Row[]> {
  const session = await startE2eSession();
  try {
    const reported: number[] = [];
    const calls: number[] = [];
    const hoverLoads: number[] = [];
    const lookupLoads: number[] = [];
    for (let i = 0; i < PAGES; i++) {
      const before = new Set(logFiles(session.server.userDataDir));
      const page = await session.openWorkbench();
      await openViewContainer(page, 'Bulk Jobs');
      reported.push((await readActivationTime(page, DISPLAY_NAME)).ms);
      const log = logFiles(session.server.userDataDir).find((f) => !before.has(f));
      if (!log) throw new Error('no "Bulk Jobs" log file appeared for the new window');
      calls.push(...numbers(log, /activated in ([\d.]+) ms/g));
      await openFile(page, 'load.log');
      await hoverWord(page, SAMPLE_JOB_ID);
      hoverLoads.push(sum(numbers(log, LAZY)));
      await page.mouse.move(0, 0);
      await runCommand(page, 'Bulk Jobs: Look Up Job…');
      await expectVisible(quickInput(page), 'the Look Up Job input');
      await page.keyboard.press('Escape');
      await page.waitForTimeout(300);
      lookupLoads.push(sum(numbers(log, LAZY)) - hoverLoads[hoverLoads.length - 1]);
    }
    const lazyRow = (name: string, values: number[]): Row => ({
      name, value: `${ms(median(values))} (${values.map((v) => v.toFixed(1)).join(', ')})`, aim: '≤ 100 ms', met: median(values) <= 100,
    });
    return [
      {
        name: `VS Code's activation time (load + activate), median of ${PAGES}`,
        value: `${ms(median(reported))} (${reported.join(', ')})`, aim: '≤ 20 ms', met: median(reported) <= 20,
      },
      { name: `activate() call as logged, median of ${calls.length}`, value: calls.length ? ms(median(calls)) : 'not found in the logs' },
      lazyRow('first hover on an unknown id: code loaded late', hoverLoads),
      lazyRow('then the first Look Up: code loaded late', lookupLoads),
    ];
  } finally {
    await session.stop();
  }
}
