import * as assert from 'assert';
import { BulkClient } from '../../../src/salesforce/bulkClient';
import { BulkApiError } from '../../../src/salesforce/errors';
import { checkInstanceUrl, isLoopbackHost, normalizeInstanceUrl } from '../../../src/salesforce/instanceUrl';

describe('salesforce/instanceUrl: typed by a person (Add Org)', () => {
  it('accepts https and loopback http, reduced to the origin', () => {
    assert.deepStrictEqual(checkInstanceUrl(' https://acme.my.salesforce.com/ '), { ok: true, url: 'https://acme.my.salesforce.com' });
    assert.deepStrictEqual(checkInstanceUrl('https://acme.my.salesforce.com/lightning/setup/x'), { ok: true, url: 'https://acme.my.salesforce.com' });
    assert.deepStrictEqual(checkInstanceUrl('acme.my.salesforce.com'), { ok: true, url: 'https://acme.my.salesforce.com' });
    assert.deepStrictEqual(checkInstanceUrl('http://127.0.0.1:8123'), { ok: true, url: 'http://127.0.0.1:8123' });
    assert.deepStrictEqual(checkInstanceUrl('http://localhost:8123/'), { ok: true, url: 'http://localhost:8123' });
  });

  it('refuses plain http elsewhere, credentials, other schemes and nonsense', () => {
    assert.deepStrictEqual(checkInstanceUrl('http://acme.my.salesforce.com'), { ok: false, problem: 'insecure' });
    assert.deepStrictEqual(checkInstanceUrl('https://u:p@acme.my.salesforce.com'), { ok: false, problem: 'credentials' });
    assert.deepStrictEqual(checkInstanceUrl('ftp://acme.example'), { ok: false, problem: 'invalid' });
    assert.deepStrictEqual(checkInstanceUrl('https://'), { ok: false, problem: 'invalid' });
    assert.deepStrictEqual(checkInstanceUrl('   '), { ok: false, problem: 'empty' });
  });
});

describe('salesforce/instanceUrl: loopback', () => {
  it('is localhost, 127.0.0.0/8 and [::1], nothing else', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]']) {
      assert.ok(isLoopbackHost(host), host);
    }
    for (const host of ['localhost.example.com', '128.0.0.1', '10.0.0.1', '::2', 'acme.my.salesforce.com']) {
      assert.ok(!isLoopbackHost(host), host);
    }
    assert.deepStrictEqual(checkInstanceUrl('http://127.9.9.9:8123'), { ok: true, url: 'http://127.9.9.9:8123' });
    assert.deepStrictEqual(checkInstanceUrl('http://[::1]:8123'), { ok: true, url: 'http://[::1]:8123' });
  });
});

describe('salesforce/instanceUrl: the client\'s rule', () => {
  describe('instance URLs', () => {
    it('accepts https and loopback http, returning the origin', () => {
      assert.strictEqual(normalizeInstanceUrl('https://acme.my.salesforce.com/'), 'https://acme.my.salesforce.com');
      assert.strictEqual(normalizeInstanceUrl(' https://ACME.my.salesforce.com '), 'https://acme.my.salesforce.com');
      assert.strictEqual(normalizeInstanceUrl('http://127.0.0.1:8123'), 'http://127.0.0.1:8123');
      assert.strictEqual(normalizeInstanceUrl('http://127.9.8.7:1/'), 'http://127.9.8.7:1');
      assert.strictEqual(normalizeInstanceUrl('http://localhost:8123/'), 'http://localhost:8123');
      assert.strictEqual(normalizeInstanceUrl('http://[::1]:8123'), 'http://[::1]:8123');
    });

    const refused: Array<[string, RegExp]> = [
      ['http://acme.my.salesforce.com', /https/],
      ['http://10.0.0.1', /https/],
      ['http://128.0.0.1', /https/],
      ['http://localhost.evil.example', /https/],
      ['ftp://acme.example.com', /https/],
      ['javascript:alert(1)', /https/],
      ['acme.my.salesforce.com', /not a URL/],
      ['https://acme.my.salesforce.com/services/async', /only the scheme and host/],
      ['https://acme.my.salesforce.com/?x=1', /only the scheme and host/],
    ];
    for (const [url, why] of refused) {
      it(`refuses ${url}`, () => {
        assert.throws(() => normalizeInstanceUrl(url), (e: unknown) => e instanceof BulkApiError && e.kind === 'invalidRequest' && why.test(e.message));
      });
    }

    it('refuses credentials in the URL without repeating them', () => {
      assert.throws(
        () => new BulkClient({ instanceUrl: 'https://user:s3cret@acme.my.salesforce.com', apiVersion: '64.0', getAccessToken: async () => 't' }),
        (e: unknown) => e instanceof BulkApiError && !e.message.includes('s3cret') && /user name or password/.test(e.message),
      );
    });
  });
});
