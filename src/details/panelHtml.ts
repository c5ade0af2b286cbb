/**
 * The details panel's HTML: a static shell (no job data at all — that arrives by postMessage and
 * is written with textContent) under a strict Content-Security-Policy. Pure, so it is unit-tested
 * in plain Node.
 */
import { randomBytes } from 'crypto';

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** From `makeNonce()`: fresh for every HTML document. */
  nonce: string;
  /** `webview.asWebviewUri(dist/webview.js)`, as a string. */
  scriptUri: string;
  /** `webview.asWebviewUri(media/panel.css)`, as a string. */
  styleUri: string;
  /** The document title and language (our own strings, never server data). */
  title: string;
  lang?: string;
}

/** 128 random bits, base64: what a CSP nonce should be (never Math.random). */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For the few of our own strings the shell contains (in attributes and text). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function buildPanelHtml(options: PanelHtmlOptions): string {
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="${e(options.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(contentSecurityPolicy(options.cspSource, options.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${e(options.styleUri)}">
<title>${e(options.title)}</title>
</head>
<body>
<script nonce="${e(options.nonce)}" src="${e(options.scriptUri)}"></script>
</body>
</html>`;
}
