import * as assert from 'assert';
import { isSafeCliAlias, loginCommandLine } from '../../../../src/orgs/cli/loginCommand';

describe('orgs: the sf org login line', () => {
  it('accepts aliases and usernames made of letters, digits and _ . @ + -', () => {
    for (const alias of ['acme', 'acme-dev', 'ACME_uat2', 'me@acme.com', 'me+test@acme.com.uat', 'a', 'x'.repeat(80)]) {
      assert.ok(isSafeCliAlias(alias), alias);
    }
  });

  it('refuses anything a shell or the CLI could read as more than one alias', () => {
    for (const alias of [
      '', ' ', 'my org', 'acme; rm -rf ~', 'a&&b', 'a|b', '$(whoami)', '`id`', 'a"b', "a'b", 'a\nb', 'a\tb', 'a>b', 'a*', '~',
      '--set-default', '-x', 'x'.repeat(81), 'ünïcode', 'a/b', 'a\\b', undefined, null, 42,
      '@acme', '@(1)', 'a%PATH%', 'a^b', 'a!b', 'a,b', 'a=b', 'a#b', 'a{b}', 'a(b)', 'a[b]', 'a\u0000b', 'a\rb', '--%',
    ]) {
      assert.ok(!isSafeCliAlias(alias), JSON.stringify(alias));
    }
  });

  it('uses the first safe alias, and none when none is safe', () => {
    assert.strictEqual(loginCommandLine({ aliases: ['acme'] }), 'sf org login web --alias acme');
    assert.strictEqual(loginCommandLine({ aliases: ['my org', 'me@acme.com'] }), 'sf org login web --alias me@acme.com');
    assert.strictEqual(loginCommandLine({ aliases: [undefined, 'acme; rm -rf ~'] }), 'sf org login web');
    assert.strictEqual(loginCommandLine({ aliases: [] }), 'sf org login web');
    assert.strictEqual(loginCommandLine({ aliases: ['@acme', '$(rm -rf ~)', 'a`id`'] }), 'sf org login web');
  });

  it('types a line that every shell reads as the same words: no character a shell treats specially', () => {
    const line = loginCommandLine({ aliases: ['me+uat@acme.com.uat'], instanceUrl: 'https://acme--uat.sandbox.my.salesforce.com' });
    assert.deepStrictEqual(line.split(' '), ['sf', 'org', 'login', 'web', '--alias', 'me+uat@acme.com.uat', '--instance-url', 'https://acme--uat.sandbox.my.salesforce.com']);
    // bash/zsh/fish: $ ` ' " \\ ; & | < > ( ) { } * ? [ ] ~ # ! = newline; PowerShell: also @ at a word's start, ` , %; cmd.exe: % ^ ! & | < > "
    assert.ok(!/[$`'"\\;&|<>(){}*?[\]~#!=%^,\r\n\t]/.test(line), line);
    assert.ok(!/\s@/.test(line), line);
  });

  it('adds the instance URL only when it is a plain https origin', () => {
    assert.strictEqual(loginCommandLine({ aliases: ['acme'], instanceUrl: 'https://acme.my.salesforce.com/' }),
      'sf org login web --alias acme --instance-url https://acme.my.salesforce.com');
    assert.strictEqual(loginCommandLine({ aliases: ['acme'], instanceUrl: 'https://acme--uat.sandbox.my.salesforce.com:443' }),
      'sf org login web --alias acme --instance-url https://acme--uat.sandbox.my.salesforce.com:443');
    for (const instanceUrl of ['http://127.0.0.1:8123', 'https://acme.com/path', 'https://a.com;id', 'https://a.com x', 'https://a.com?q=1']) {
      assert.strictEqual(loginCommandLine({ aliases: ['acme'], instanceUrl }), 'sf org login web --alias acme', instanceUrl);
    }
  });
});
