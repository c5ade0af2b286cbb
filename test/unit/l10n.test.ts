import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { getL10nJson } from '@vscode/l10n-dev';

/**
 * `l10n/bundle.l10n.json` is the base translators start from: every string the extension passes to
 * `vscode.l10n.t`, as `npm run l10n` exports it. A string added without running it is missing there.
 */
const root = path.join(__dirname, '..', '..', '..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

describe('l10n bundle', () => {
  it('lists every string the code passes to vscode.l10n.t (run `npm run l10n` when this fails)', async function () {
    this.timeout(60_000);
    const files = sources(path.join(root, 'src')).map((f) => ({ extension: '.ts', contents: fs.readFileSync(f, 'utf8') }));
    const exported = await getL10nJson(files);
    const committed = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
    const missing = Object.keys(exported).filter((k) => !(k in committed));
    const stale = Object.keys(committed).filter((k) => !(k in exported));
    assert.deepStrictEqual({ missing, stale }, { missing: [], stale: [] });
  });
});
