import type { Row } from './index';
import { SHAPES, estimateRun, replayRun, summarise } from '../fixtures/paceRuns';

/**
 * The time left of a running 1.0 job against the truth: runs of different shapes (test/fixtures/paceRuns.ts,
 * scheduled with the emulator's batch model) replayed poll by poll through the estimator, each poll given
 * what the previous one showed. Error = |estimate − true time left| / true time left (both at least one poll).
 */
export async function benchEstimate(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const shape of SHAPES) {
    const s = summarise(estimateRun(replayRun(shape)));
    const median = s.medianPct <= 20;
    const factor = s.worstFactorAfterQuarter <= 2;
    rows.push({
      name: shape.name,
      value: `median ${s.medianPct.toFixed(0)} %, worst ${s.worstPct.toFixed(0)} %, worst after ¼ ${s.worstFactorAfterQuarter.toFixed(2)}×, `
        + `bias ${s.medianBias.toFixed(2)}, ${s.estimates}/${s.polls} polls estimated, ${s.flips} flips, ${s.degenerate} degenerate`,
      aim: 'median ≤ 20 %, ≤ 2× after ¼, no flips',
      met: median && factor && s.flips === 0 && s.degenerate === 0,
    });
  }
  return rows;
}
