import * as path from 'path';
import { E2eSession, startE2eSession } from './session';
import { screenshot } from './workbench';

declare module 'mocha' {
  interface Context {
    /** The running UI-test session, inherited by every test's `this` from the root suite. */
    e2e: E2eSession;
  }
}

/**
 * Root hooks for the UI tests (.mocharc.e2e.json requires this file): one session for the whole run,
 * a screenshot after every test in test-results/e2e/<test>.png, printed when the test failed.
 *
 * One spec or test: `npm run test:e2e -- --grep 'Org Jobs view'` (mocha's grep on the full title;
 * a path on the command line would be added to the config's `spec`, not replace it). The session is
 * still started once; the `before` hooks of suites with no matching test do not run.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(300_000);
    this.e2e = await startE2eSession((line) => console.log(`    [e2e] ${line}`));
  },
  async afterEach(this: Mocha.Context) {
    const page = this.e2e?.page;
    const test = this.currentTest;
    if (!page || !test) {
      return;
    }
    const file = await screenshot(page, test.fullTitle(), this.e2e.screenshotDir).catch((error) => `(no screenshot: ${error})`);
    if (test.state === 'failed') {
      console.log(`    screenshot of the failure: ${path.relative(process.cwd(), file)}`);
    }
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await this.e2e?.stop();
  },
};
