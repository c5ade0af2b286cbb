/**
 * A time another window wrote in `globalState` (a "stamp": when an org was last refreshed, when a window
 * was last focused), read by this window's clock: a stamp more than `FUTURE_TOLERANCE_MS` ahead of it
 * (written while a clock was ahead: a VM resumed, a dual-boot clock, a remote host) counts as no stamp
 * and is overwritten by the next one, so a wrong clock never stops a schedule. Stamps are only ever raised.
 */
import type { MementoLike } from './serialMemento';

/** How far ahead of this window's clock another window's stamp may be and still count. */
export const FUTURE_TOLERANCE_MS = 2 * 60_000;

export function readStamp(memento: MementoLike, key: string, now: number): number | undefined {
  const v = memento.get<unknown>(key);
  return typeof v === 'number' && Number.isFinite(v) && v <= now + FUTURE_TOLERANCE_MS ? v : undefined;
}

/** Writes `at` unless the key already holds a later time that counts. */
export function raiseStamp(memento: MementoLike, key: string, at: number, now: number): Thenable<void> {
  const current = readStamp(memento, key, now);
  return current !== undefined && current >= at ? Promise.resolve() : memento.update(key, at);
}
