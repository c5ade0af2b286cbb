import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { COMMANDS, registerCommands, type CommandContext } from '../../src/commands';

function contributedCommands(): string[] {
  // Compiled to out/test/unit/: the repository root is three levels up.
  const pkg = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };
  return pkg.contributes.commands.map((c) => c.command);
}

describe('commands: the one table', () => {
  it('has a row for every command package.json contributes, and no other', () => {
    const contributed = contributedCommands();
    assert.deepStrictEqual([...contributed].sort(), Object.keys(COMMANDS).sort());
    assert.strictEqual(new Set(contributed).size, contributed.length, 'a command is contributed twice');
  });

  it('registers each command once, and loads no command code to do it', () => {
    const registered: string[] = [];
    const disposables = registerCommands((id) => {
      registered.push(id);
      return { dispose: () => undefined };
    }, {} as CommandContext, () => assert.fail('a command file was loaded at registration'));
    assert.deepStrictEqual([...registered].sort(), [...contributedCommands()].sort());
    assert.strictEqual(disposables.length, registered.length);
  });
});
