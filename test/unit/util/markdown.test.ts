import * as assert from 'assert';
import { escapeMarkdown } from '../../../src/util/markdown';

describe('util/markdown: escaping server text for markdown (hovers and tree tooltips)', () => {
  /** Characters markdown, theme icons (`$(…)`), autolinks or HTML could read as syntax. */
  const SYNTAX = new Set('\\`*_{}[]()#+-.!|<>~$&:"\'');

  /** Walks the markdown as a renderer would: a backslash takes the next character literally. */
  function unescapedSyntax(md: string): string[] {
    const bare: string[] = [];
    for (let i = 0; i < md.length; i++) {
      if (md[i] === '\\') {
        i++;
      } else if (SYNTAX.has(md[i])) {
        bare.push(md[i]);
      }
    }
    return bare;
  }

  const unescape = (md: string): string => md.replace(/\\(.)/g, '$1');

  const HOSTILE = [
    '$(alert) Disk full $(sync~spin)',
    '[x](command:workbench.action.terminal.new)',
    '[x](command:bulkJobs.abortJob?%5B%22750%22%5D "title")',
    '![img](https://evil.example/p.png)',
    '<img src=x onerror=alert(1)>',
    '<a href="command:x">click</a>',
    '`code` and ```fence```',
    '**bold** _em_ ~~gone~~',
    'https://evil.example/a?b=c and www.evil.example and me@evil.example',
    '<https://evil.example>',
    '# heading\n- list\n> quote\n---',
    '&lt;img&gt; &#36;(alert)',
    '\\$(alert) already "escaped"',
    'Account | Contact',
  ];

  for (const text of HOSTILE) {
    it(`leaves no syntax in ${JSON.stringify(text)}, and loses no character`, () => {
      const md = escapeMarkdown(text);
      assert.deepStrictEqual(unescapedSyntax(md), [], md);
      assert.ok(!md.includes('$('), md);
      assert.ok(!/https?:\/\//.test(md) && !/www\./.test(md), md);
      assert.ok(!/[\r\n]/.test(md), md);
      assert.strictEqual(unescape(md), text.replace(/[\r\n]+/g, ' '));
    });
  }
});
