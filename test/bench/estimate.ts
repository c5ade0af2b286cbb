import type { Row } from './index';
import { SHAPES, estimateRun, replayRun, summarise } from '../fixtures/paceRuns';

/**
 * The time left of a running 1.0 job against the truth: runs of different shapes (test/fixtures/paceRuns.ts,
 * scheduled with the emulator's batch model) replayed poll by poll through the estimator, each poll given
 * what the previous one showed. Error = |middle − true time left| / true time left (both at least one poll).
 * "shown" is what the words claim ("about 2 min" is 1½–2½ min, "3 min–6 min" 2½–6½ min): 1× when the truth is in it.
 * A shape with a change no poll could see coming (a stall, concurrency that changes) is held to the aims from
 * that change on; the polls before it are printed apart ("before the change"), not hidden.
 */
export async function benchEstimate(): Promise<Row[]> {
  const rows: Row[] = [];
  for (const shape of SHAPES) {
    const s = summarise(estimateRun(replayRun(shape)));
    const f = s.foreseeable;
    const before = shape.unforeseen === undefined ? ''
      : `; with the ${s.all.polls - f.polls} polls before the change: shown median ${s.all.shownMedianPct.toFixed(0)} %, after ¼ ${s.all.worstShownFactorAfterQuarter.toFixed(2)}×, `
        + `middle median ${s.all.medianPct.toFixed(0)} %, after ¼ ${s.all.worstMidFactorAfterQuarter.toFixed(2)}×`;
    rows.push({
      name: shape.name,
      value: `shown: median ${f.shownMedianPct.toFixed(0)} %, after ¼ ${f.worstShownFactorAfterQuarter.toFixed(2)}×; middle: median ${f.medianPct.toFixed(0)} %, worst ${f.worstPct.toFixed(0)} %, `
        + `bias ${f.medianBias.toFixed(2)}, after ¼ ${f.worstMidFactorAfterQuarter.toFixed(2)}×; `
        + `${f.estimates}/${f.polls} polls estimated, ${s.unsure} unsure, range ×${s.medianWidth.toFixed(2)} (median), `
        + `${s.flips} flips, ${s.degenerate} degenerate${before}`,
      aim: 'shown median ≤ 20 %, ≤ 2× after ¼, bias ≥ 0.9, no flips',
      met: f.shownMedianPct <= 20 && f.worstShownFactorAfterQuarter <= 2 && f.medianBias >= 0.9 && s.flips === 0 && s.degenerate === 0,
    });
  }
  return rows;
}
