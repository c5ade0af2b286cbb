import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../host/browser';
import { hostPaths } from '../host/hostPaths';
import type { JobUpdateMessage } from '../../src/details/protocol';
import { median } from './stats';

export interface WebviewFigures {
  /** The first update's render (view model + building the DOM), ms. */
  first: number;
  /** Later updates (one more history point, one batch changed each), median ms. */
  update: number;
  /** JS heap after a forced GC, MB. */
  heapMb: number;
  domNodes: number;
}

/**
 * The details panel's script (`dist/webview.js`, or `bundle`) in headless Chromium, outside VS Code:
 * a page with the panel's CSS and a stand-in for `acquireVsCodeApi` that records what the script
 * posts. Each update is timed by the panel itself (its `rendered` message: view model + DOM patch).
 */
export async function measureWebview(updates: JobUpdateMessage[], bundle = path.join(hostPaths.repoRoot, 'dist', 'webview.js')): Promise<WebviewFigures> {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.setContent('<!DOCTYPE html><html><head></head><body></body></html>');
    await page.addStyleTag({ path: path.join(hostPaths.repoRoot, 'media', 'panel.css') });
    await page.evaluate(() => {
      const w = globalThis as unknown as { posted: unknown[]; acquireVsCodeApi: () => unknown };
      w.posted = [];
      let state: unknown;
      w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.posted.push(m), getState: () => state, setState: (s: unknown) => { state = s; } });
    });
    await page.addScriptTag({ content: fs.readFileSync(bundle, 'utf8') });
    const times: number[] = [];
    for (const update of updates) {
      times.push(await render(page, update));
    }
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = await cdp.send('Runtime.getHeapUsage') as { usedSize: number };
    const domNodes = await page.evaluate(() => (globalThis as unknown as BrowserGlobals).document.getElementsByTagName('*').length);
    return { first: times[0], update: median(times.slice(1)), heapMb: heap.usedSize / 1e6, domNodes };
  } finally {
    await browser.close();
  }
}

/** The little of the page's globals used here (the tests compile without the DOM library). */
interface BrowserGlobals {
  posted: Array<{ type: string; generation?: number; ms?: number }>;
  postMessage(message: unknown, origin: string): void;
  document: { getElementsByTagName(tag: string): { length: number } };
}

async function render(page: Page, update: JobUpdateMessage): Promise<number> {
  return page.evaluate(async (message) => {
    const w = globalThis as unknown as BrowserGlobals;
    w.postMessage(message, '*');
    for (;;) {
      const done = w.posted.find((m) => m.type === 'rendered' && m.generation === message.generation);
      if (done) {
        return done.ms ?? NaN;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }, update);
}
