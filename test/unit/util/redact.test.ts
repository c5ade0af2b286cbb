import * as assert from 'assert';
import { redactTokens } from '../../../src/util/redact';

const TOKEN = '00D000000000001!AQ0AQH0dMHZfz972';

describe('util/redact', () => {
  it('removes session ids, bearer values and known tokens, and leaves other text alone', () => {
    assert.strictEqual(redactTokens('plain text'), 'plain text');
    assert.strictEqual(redactTokens(`token ${TOKEN}, then more`), 'token [token], then more');
    assert.strictEqual(redactTokens('Authorization: Bearer abc.def'), 'Authorization: Bearer [token]');
    assert.strictEqual(redactTokens('x-secret-123 was sent', ['x-secret-123']), '[token] was sent');
    assert.strictEqual(redactTokens('nothing known', ['']), 'nothing known');
  });
});
