import * as assert from 'assert';
import { LruMap } from '../../../src/util/lru';

describe('util/lru', () => {
  it('keeps at most its capacity, dropping the least recently used first', () => {
    const m = new LruMap<string, number>(2);
    m.set('a', 1);
    m.set('b', 2);
    assert.strictEqual(m.get('a'), 1); // a is now the most recent
    m.set('c', 3);
    assert.strictEqual(m.size, 2);
    assert.strictEqual(m.get('b'), undefined, 'b was the least recently used');
    assert.strictEqual(m.get('a'), 1);
    assert.strictEqual(m.get('c'), 3);
    m.set('a', 10); // a write also refreshes
    m.set('d', 4);
    assert.strictEqual(m.get('c'), undefined);
    assert.strictEqual(m.get('a'), 10);
  });
});
