import * as assert from 'assert';
import { readFilter, valuesOf } from '../../../src/orgJobs/filterState';
import { INTEGRATION, ME, row } from './fixtures';

describe('orgJobs/filterState', () => {
  it('reads back a kept filter part by part, dropping what is not one', () => {
    assert.deepStrictEqual(readFilter(undefined), {});
    assert.deepStrictEqual(readFilter('Account'), {});
    assert.deepStrictEqual(readFilter({ object: 'Account', type: '2.0 query', submittedBy: { kind: 'me' }, text: ' acme ' }),
      { object: 'Account', type: '2.0 query', submittedBy: { kind: 'me' }, text: ' acme ' });
    assert.deepStrictEqual(readFilter({ object: 3, type: '3.0', state: '', submittedBy: { kind: 'user', userId: 'x' } }), {});
    assert.deepStrictEqual(readFilter({ submittedBy: { kind: 'user', userId: INTEGRATION, name: 'MuleSoft' } }),
      { submittedBy: { kind: 'user', userId: INTEGRATION, name: 'MuleSoft' } });
  });

  it('lists the values present, the most frequent first', () => {
    const jobs = [row({ object: 'Contact' }), row({ object: 'Account' }), row({ object: 'Contact', createdById: ME }), row({ object: undefined })];
    assert.deepStrictEqual(valuesOf(jobs, 'object'), ['Contact', 'Account']);
    assert.deepStrictEqual(valuesOf(jobs, 'createdById'), [INTEGRATION, ME]);
  });
});
