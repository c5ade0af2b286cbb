import * as assert from 'assert';
import { buildPanelHtml, contentSecurityPolicy, escapeHtml, makeNonce } from '../../../src/details/panelHtml';

const CSP_SOURCE = 'https://*.vscode-cdn.net';

function html(nonce = makeNonce()): string {
  return buildPanelHtml({
    cspSource: CSP_SOURCE,
    nonce,
    scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
    styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
    title: 'Bulk job details',
  });
}

function cspOf(page: string): string {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page);
  assert.ok(match, 'the page has a CSP meta tag');
  return match[1].replace(/&#39;/g, "'");
}

describe('panel HTML', () => {
  it('has a strict CSP: nothing by default, styles and images from the webview only, scripts by nonce', () => {
    const nonce = makeNonce();
    const csp = cspOf(html(nonce));
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    assert.deepStrictEqual(directives.get('default-src'), ["'none'"]);
    assert.deepStrictEqual(directives.get('style-src'), [CSP_SOURCE]);
    assert.deepStrictEqual(directives.get('img-src'), [CSP_SOURCE, 'data:']);
    assert.deepStrictEqual(directives.get('script-src'), [`'nonce-${nonce}'`]);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*;|'self'/);
    assert.strictEqual(csp, contentSecurityPolicy(CSP_SOURCE, nonce));
  });

  it('loads exactly one script, with the nonce, and no inline script or handler', () => {
    const nonce = makeNonce();
    const page = html(nonce);
    const scripts = page.match(/<script\b[^>]*>/g) ?? [];
    assert.strictEqual(scripts.length, 1);
    assert.ok(scripts[0].includes(`nonce="${nonce}"`));
    assert.ok(scripts[0].includes('src="https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js"'));
    assert.match(page, /<script[^>]*><\/script>/, 'the script tag has no inline body');
    assert.doesNotMatch(page, /\son[a-z]+\s*=/i, 'no inline event handler');
    assert.doesNotMatch(page, /\sstyle\s*=/i, 'no inline style');
  });

  it('makes a fresh 128-bit nonce every time, from crypto', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => makeNonce()));
    assert.strictEqual(nonces.size, 50);
    for (const n of nonces) {
      assert.strictEqual(Buffer.from(n, 'base64').length, 16);
    }
  });

  it('contains no job data: only the shell (data comes by postMessage)', () => {
    const page = html();
    assert.match(page, /<body>\s*<script[^>]*><\/script>\s*<\/body>/);
  });

  it('escapes whatever it is given', () => {
    const page = buildPanelHtml({
      cspSource: CSP_SOURCE, nonce: 'abc', scriptUri: 'x" onload="alert(1)', styleUri: 's', title: '<img src=x onerror=alert(1)>',
    });
    assert.ok(!page.includes('<img'));
    assert.ok(!page.includes('" onload="'));
    assert.strictEqual(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
