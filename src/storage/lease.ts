/**
 * Which window polls an org's jobs: a lease per org in `globalState` (`{ holder, until }`), taken
 * when free or expired, renewed by its holder every `LEASE_RENEW_MS`, and released when the window
 * closes. A window that crashed or went quiet loses it after `LEASE_TTL_MS`, and another takes it
 * over. The memento and the clock are injected; no `vscode` import here.
 */
import type { MementoLike } from './serialMemento';
import { LEASE_KEY_PREFIX } from './keys';

export const LEASE_RENEW_MS = 15_000;
export const LEASE_TTL_MS = 45_000;

export interface Lease {
  holder: string;
  until: number;
}

function asLease(v: unknown): Lease | undefined {
  const l = v as Partial<Lease> | undefined;
  return typeof l === 'object' && l !== null && typeof l.holder === 'string' && typeof l.until === 'number' ? { holder: l.holder, until: l.until } : undefined;
}

export class Leases {
  constructor(private readonly memento: MementoLike, private readonly now: () => number, readonly windowId: string) {}

  /** Who holds the org's lease now, if anyone (an expired lease is nobody's). */
  holder(orgKey: string): string | undefined {
    const lease = asLease(this.memento.get(LEASE_KEY_PREFIX + orgKey));
    return lease && lease.until > this.now() ? lease.holder : undefined;
  }

  /** True when this window holds the org's lease, taking it first when it is free or expired. */
  acquire(orgKey: string): boolean {
    const holder = this.holder(orgKey);
    if (holder === this.windowId) {
      return true;
    }
    if (holder !== undefined) {
      return false;
    }
    void this.write(orgKey);
    return true;
  }

  /** Renews every lease this window holds (call every `LEASE_RENEW_MS`). */
  renew(): Promise<void> {
    return Promise.all(this.mine().map((org) => this.write(org))).then(() => undefined);
  }

  /** Gives up every lease this window holds (or only that of `orgKey`), so another window takes over at once. */
  release(orgKey?: string): Promise<void> {
    const given = this.mine().filter((org) => orgKey === undefined || org === orgKey);
    return Promise.all(given.map((org) => this.memento.update(LEASE_KEY_PREFIX + org, undefined))).then(() => undefined);
  }

  private mine(): string[] {
    return this.memento.keys()
      .filter((k) => k.startsWith(LEASE_KEY_PREFIX))
      .map((k) => k.slice(LEASE_KEY_PREFIX.length))
      .filter((org) => this.holder(org) === this.windowId);
  }

  private write(orgKey: string): Thenable<void> {
    const lease: Lease = { holder: this.windowId, until: this.now() + LEASE_TTL_MS };
    return this.memento.update(LEASE_KEY_PREFIX + orgKey, lease);
  }
}
