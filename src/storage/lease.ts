/**
 * Which window polls an org's jobs: a lease per org in `globalState` (`{ holder, seq, until }`), taken
 * when free or lapsed, renewed by its holder every `LEASE_RENEW_MS` (each renewal raises `seq`), and
 * released when the window closes. A lease lapses by the READER's clock: each window notes, on its own
 * clock, when it last saw the lease's holder or `seq` change; one unchanged for `LEASE_TTL_MS` is
 * nobody's (a window that crashed or went quiet), and another takes it over. So no window's clock,
 * however far ahead or behind, keeps a lease held or lets one go early. (`until`, the holder's clock,
 * is written for windows of older versions and read by none here.) The memento and the clock are
 * injected; no `vscode` import here.
 */
import type { MementoLike } from './serialMemento';
import { LEASE_KEY_PREFIX } from './keys';

export const LEASE_RENEW_MS = 15_000;
export const LEASE_TTL_MS = 45_000;

export interface Lease {
  holder: string;
  /** Raised by every renewal. */
  seq: number;
  until?: number;
}

function asLease(v: unknown): Lease | undefined {
  const l = v as Partial<Lease> | undefined;
  if (typeof l !== 'object' || l === null || typeof l.holder !== 'string') {
    return undefined;
  }
  // A lease of an older version has no `seq`: its `until` changes with each renewal instead.
  const seq = typeof l.seq === 'number' ? l.seq : typeof l.until === 'number' ? l.until : undefined;
  return seq === undefined ? undefined : { holder: l.holder, seq };
}

export class Leases {
  /** Per lease: the holder and `seq` last seen, and when (this window's clock) they were first seen so. */
  private readonly seen = new Map<string, { holder: string; seq: number; at: number }>();

  constructor(private readonly memento: MementoLike, private readonly now: () => number, readonly windowId: string) {}

  /** Who holds the org's lease now, if anyone (a lease unchanged for `LEASE_TTL_MS` by this clock is nobody's). */
  holder(orgKey: string): string | undefined {
    const lease = asLease(this.memento.get(LEASE_KEY_PREFIX + orgKey));
    if (lease === undefined) {
      this.seen.delete(orgKey);
      return undefined;
    }
    const now = this.now();
    const seen = this.seen.get(orgKey);
    if (seen === undefined || seen.holder !== lease.holder || seen.seq !== lease.seq || now < seen.at) {
      // First seen so now (or this clock went back: start counting again).
      this.seen.set(orgKey, { holder: lease.holder, seq: lease.seq, at: now });
      return lease.holder;
    }
    return now - seen.at < LEASE_TTL_MS ? lease.holder : undefined;
  }

  /** True when this window holds the org's lease, taking it first when it is free or lapsed. */
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
    const kept = asLease(this.memento.get(LEASE_KEY_PREFIX + orgKey));
    const now = this.now();
    const seq = Math.max(now, (kept?.seq ?? 0) + 1);
    const lease: Lease = { holder: this.windowId, seq, until: now + LEASE_TTL_MS };
    this.seen.set(orgKey, { holder: this.windowId, seq, at: now });
    return this.memento.update(LEASE_KEY_PREFIX + orgKey, lease);
  }
}
