import { Browser, chromium } from 'playwright-core';
import { hostPaths } from './hostPaths';

/**
 * Debian's Chromium, headless, with the flags that keep it off the network (this machine has none)
 * and working as root in a container. playwright-core never downloads a browser of its own.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: hostPaths.chromium,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
