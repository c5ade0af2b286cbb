import * as assert from 'assert';
import { parseDate } from '../../../src/job/dates';

describe('dates', () => {
  it('reads dates as Date.parse does, the normalised form by hand', () => {
    for (const date of ['2026-01-10T12:00:00.000Z', '2024-02-29T23:59:59.999Z', '1999-12-31T00:00:00.001Z', '2026-01-10T12:00:00.000+0000', '2026-01-10T12:00:00Z']) {
      assert.strictEqual(parseDate(date), Date.parse(date), date);
    }
    for (const bad of [undefined, '', 'soon', '2026-13-10T12:00:00.000Z', '2026-01-10T25:00:00.000Z', '2026-0a-10T12:00:00.000Z']) {
      assert.strictEqual(parseDate(bad), undefined, String(bad));
    }
  });
});
