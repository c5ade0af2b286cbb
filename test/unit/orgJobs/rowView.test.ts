import * as assert from 'assert';
import { translator } from '../../../src/job/format';
import { messageLine, orgJobRow } from '../../../src/orgJobs/rowView';
import { INTEGRATION, row } from './fixtures';

const t = translator(undefined);
const now = Date.parse('2026-12-02T12:12:00.000Z');
const options = {
  t, locale: 'en-US', now,
  nameOf: (id: string | undefined) => (id === INTEGRATION ? 'MuleSoft Integration' : undefined),
  isTracked: (id: string) => id.endsWith('7AAA'),
};

describe('orgJobs/rowView', () => {
  it('shows object · operation, the state with failed records, the submitter by name and the age', () => {
    const view = orgJobRow(row({ state: 'JobComplete', numberRecordsFailed: 12 }), options);
    assert.strictEqual(view.label, 'Account · insert');
    assert.strictEqual(view.description, 'JobComplete · 12 records failed · MuleSoft Integration · 12 min ago');
    assert.strictEqual(view.status, 'completedWithFailures');
    assert.match(view.submitter ?? '', /^MuleSoft Integration \(005\w{15}\)$/, 'the tooltip\'s words: the name, the id beside it');
  });

  it('falls back to the submitter id, and marks tracked jobs', () => {
    const view = orgJobRow(row({ id: '750EM00000000007AAA', createdById: '005EM0000000099AAA', state: 'Failed', kind: 'query', object: undefined, operation: undefined }), options);
    assert.strictEqual(view.label, 'Query');
    assert.strictEqual(view.submitter, '005EM0000000099AAA');
    assert.strictEqual(view.tracked, true);
    assert.strictEqual(view.status, 'failed');
  });

  it('writes the message line, with the error of a failed refresh', () => {
    const asOf = new Date(2026, 11, 2, 12, 3, 40).getTime();
    assert.strictEqual(messageLine({ asOf, jobs: 2341, usage: { used: 4321, max: 15000, at: asOf } }, { t, locale: 'en-GB' }), 'as of 12:03 · 2,341 jobs · API 4,321/15,000');
    assert.strictEqual(messageLine({ asOf, jobs: 1, error: 'The job list could not be read' }, { t, locale: 'en-GB' }), 'as of 12:03 · 1 job · refresh failed: The job list could not be read');
    assert.strictEqual(messageLine({ asOf, jobs: 100_000, truncated: ['jobs/query'] }, { t, locale: 'en-GB' }), 'as of 12:03 · 100,000 jobs · jobs/query stopped at 100 pages: older jobs not shown');
    assert.strictEqual(messageLine({ asOf, jobs: 2, truncated: [] }, { t, locale: 'en-GB' }), 'as of 12:03 · 2 jobs');
  });
});
