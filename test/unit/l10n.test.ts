import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

/**
 * `l10n/bundle.l10n.json` is the base translators start from: every string the extension shows through
 * `vscode.l10n.t` or an injected `t`, as `npm run l10n` exports it. A string added without running it is
 * missing there; one removed is stale.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { exportedBundle, bundlePath } = require(path.join(__dirname, '..', '..', '..', 'scripts', 'l10n.js')) as {
  exportedBundle(): Promise<Record<string, unknown>>;
  bundlePath: string;
};

describe('l10n bundle', () => {
  it('lists every string the code shows (run `npm run l10n` when this fails)', async function () {
    this.timeout(60_000);
    const exported = await exportedBundle();
    const committed = JSON.parse(fs.readFileSync(bundlePath, 'utf8')) as Record<string, unknown>;
    const missing = Object.keys(exported).filter((k) => !(k in committed));
    const stale = Object.keys(committed).filter((k) => !(k in exported));
    assert.deepStrictEqual({ missing, stale }, { missing: [], stale: [] });
    assert.ok(Object.keys(committed).length > 500, 'the injected t calls are read too');
  });
});
