/**
 * The emulator's clock. Jobs compute their state from `now()` and their timeline, so a manual clock
 * makes every state reproducible in tests and a real clock (optionally sped up) makes the demo move.
 */
import { performance } from 'node:perf_hooks';

export interface EmulatorClock {
  readonly kind: 'manual' | 'real';
  /** Emulator time, ms since the epoch. */
  now(): number;
  /** Moves a manual clock forward; does nothing on a real clock. */
  advance(ms: number): void;
}

export function manualClock(start: number): EmulatorClock {
  let t = start;
  return {
    kind: 'manual',
    now: () => t,
    advance(ms: number) {
      if (!(ms >= 0)) {
        throw new RangeError('advance() takes a non-negative number of ms');
      }
      t += ms;
    },
  };
}

/** Emulator time = `start` + real elapsed time × `speed`. */
export function realClock(start: number, speed = 1): EmulatorClock {
  const p0 = performance.now();
  return {
    kind: 'real',
    now: () => Math.floor(start + (performance.now() - p0) * speed),
    advance() { /* a real clock only moves by itself */ },
  };
}
