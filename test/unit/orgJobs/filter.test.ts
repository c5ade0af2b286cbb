import * as assert from 'assert';
import { translator } from '../../../src/job/format';
import { filterDescription, jobFilter, type OrgJobFilter } from '../../../src/orgJobs/filter';
import { INTEGRATION, ME, row } from './fixtures';

const t = translator(undefined);
const ctx = { myUserId: ME, nameOf: (id: string | undefined) => (id === INTEGRATION ? 'MuleSoft Integration' : undefined) };

describe('orgJobs/filter', () => {
  const account = row({ object: 'Account', operation: 'insert' });
  const mine = row({ object: 'Contact', operation: 'upsert', createdById: ME.slice(0, 15), state: 'Failed', errorMessage: 'InvalidBatch : Field name not found : Rating__x' });
  const classic = row({ flavour: '1.0', kind: 'classic', object: 'Lead', operation: 'delete', state: 'Closed' });
  const query = row({ kind: 'query', object: 'Case', operation: 'query' });
  const all = [account, mine, classic, query];
  const ids = (filter: OrgJobFilter) => all.filter(jobFilter(filter, ctx)).map((j) => j.id);

  it('an empty filter lets everything through and says nothing', () => {
    assert.deepStrictEqual(ids({}), all.map((j) => j.id));
    assert.strictEqual(filterDescription({ text: '  ' }, t), undefined);
  });

  it('narrows by object, operation (any case), submitter, type and state', () => {
    assert.deepStrictEqual(ids({ object: 'account' }), [account.id]);
    assert.deepStrictEqual(ids({ operation: 'UPSERT' }), [mine.id]);
    assert.deepStrictEqual(ids({ submittedBy: { kind: 'me' } }), [mine.id]);
    assert.deepStrictEqual(ids({ submittedBy: { kind: 'user', userId: INTEGRATION.slice(0, 15) } }), [account.id, classic.id, query.id]);
    assert.deepStrictEqual(ids({ type: '1.0' }), [classic.id]);
    assert.deepStrictEqual(ids({ type: '2.0 query' }), [query.id]);
    assert.deepStrictEqual(ids({ type: '2.0 ingest' }), [account.id, mine.id]);
    assert.deepStrictEqual(ids({ state: 'closed' }), [classic.id]);
    assert.deepStrictEqual(ids({ object: 'Account', operation: 'delete' }), []);
  });

  it('finds free text in the id, names, states and error messages', () => {
    assert.deepStrictEqual(ids({ text: 'rating__x' }), [mine.id]);
    assert.deepStrictEqual(ids({ text: 'mulesoft' }), [account.id, classic.id, query.id]);
    assert.deepStrictEqual(ids({ text: classic.id.slice(0, 15) }), [classic.id]);
  });

  it('describes what is on', () => {
    assert.strictEqual(filterDescription({ object: 'Account', operation: 'insert' }, t), 'filter: Account · insert');
    assert.strictEqual(
      filterDescription({ submittedBy: { kind: 'user', userId: INTEGRATION, name: 'MuleSoft Integration' }, type: '2.0 ingest', state: 'Failed', text: ' acme ' }, t),
      'filter: by MuleSoft Integration · 2.0 ingest · Failed · “acme”',
    );
    assert.strictEqual(filterDescription({ submittedBy: { kind: 'me' } }, t), 'filter: by me');
  });
});
