import * as assert from 'assert';
import { checkInstanceUrl, isLoopbackHost } from '../../../src/api/instanceUrl';

describe('orgs: instance URL of a manual org', () => {
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

describe('api/instanceUrl: loopback', () => {
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
