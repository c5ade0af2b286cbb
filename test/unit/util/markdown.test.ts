import * as assert from 'assert';
import { escapeIcons, escapeMarkdown, plainMessage } from '../../../src/util/markdown';

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

/** VS Code's own rule for links in notifications and dialogs (`vs/base/common/linkedText.ts`, `LINK_REGEX`). */
const VSCODE_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/gi;
/** VS Code's rule for theme icons in quick pick labels (`vs/base/common/iconLabels.ts`): an escaped one is shown as text. */
const VSCODE_ICON = /(\\)?\$\(([A-Za-z0-9-]+(?:~[A-Za-z]+)?)\)/g;
const renderedIcons = (text: string): string[] => [...text.matchAll(VSCODE_ICON)].filter((m) => m[1] === undefined).map((m) => m[2]);

describe('util/markdown: server text in notifications, dialogs and quick picks', () => {
  describe('plainMessage', () => {
    for (const text of [
      '[x](command:workbench.action.terminal.new)',
      'Failed: [click here](https://evil.example/) to fix',
      '[a] (command:x) and [b](file:///etc/passwd "t")',
      '[x]\n(command:workbench.action.terminal.new)',
      '[[x]](command:a)',
      '[x](command:a)[y](https://b.example)',
    ]) {
      it(`leaves no link VS Code would render in ${JSON.stringify(text)}`, () => {
        assert.deepStrictEqual([...plainMessage(text).matchAll(VSCODE_LINK)].map((m) => m[0]), []);
      });
    }
    it('keeps every other character as it was', () => {
      assert.strictEqual([...'[x](command:a) and [y](https://b.example)'.matchAll(VSCODE_LINK)].length, 2, 'the rule sees links as they are');
      assert.strictEqual(plainMessage('InvalidBatch : Field name not found : Foo__c (line 3) [Account]'), 'InvalidBatch : Field name not found : Foo__c (line 3) [Account]');
      assert.strictEqual(plainMessage('[x](command:a)'), '[x] (command:a)');
      assert.strictEqual(plainMessage(plainMessage('[x](command:a)')), '[x] (command:a)');
    });
  });

  describe('escapeIcons', () => {
    it('shows $(…) as text, escaped once', () => {
      for (const text of ['$(alert) Bob', 'a \\$(alert) b', '$(x)$(y)', 'Bob', '$(sync~spin) Integration']) {
        assert.deepStrictEqual(renderedIcons(escapeIcons(text)), [], text);
      }
      assert.deepStrictEqual(renderedIcons('$(alert) Bob $(sync~spin)'), ['alert', 'sync~spin'], 'the rule sees icons as they are');
      assert.strictEqual(escapeIcons('$(alert) Bob'), '\\$(alert) Bob');
      assert.strictEqual(escapeIcons(escapeIcons('$(alert)')), '\\$(alert)');
      assert.strictEqual(escapeIcons('costs $5 (net)'), 'costs $5 (net)');
    });
  });
});
