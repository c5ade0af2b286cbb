#!/usr/bin/env node
/**
 * `npm run l10n`: writes l10n/bundle.l10n.json, the base translators start from, with every string the
 * extension shows. @vscode/l10n-dev finds `vscode.l10n.t('…')`; the pure rules and the panel's script
 * take the translation function as a parameter named `t` (they import nothing from vscode), so their
 * `t('…')` calls are read as `l10n.t('…')` here. `test/unit/l10n.test.ts` checks the committed file.
 */
const fs = require('fs');
const path = require('path');
const { getL10nJson } = require('@vscode/l10n-dev');

const root = path.join(__dirname, '..');
const bundlePath = path.join(root, 'l10n', 'bundle.l10n.json');

function sources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** A call of the injected `t` with a literal first argument, as the exporter reads `l10n.t`. */
const injectedT = /(?<![.\w$])t\((?=\s*['"`])/g;

async function exportedBundle() {
  const files = sources(path.join(root, 'src')).map((file) => {
    const text = fs.readFileSync(file, 'utf8');
    const contents = injectedT.test(text) ? `import { l10n } from 'vscode';\n${text.replace(injectedT, 'l10n.t(')}` : text;
    return { extension: '.ts', contents };
  });
  return getL10nJson(files);
}

module.exports = { exportedBundle, bundlePath };

if (require.main === module) {
  exportedBundle().then((bundle) => {
    fs.writeFileSync(bundlePath, `${JSON.stringify(bundle, null, 2)}\n`);
    console.log(`${Object.keys(bundle).length} strings written to ${path.relative(root, bundlePath)}`);
  }, (e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
