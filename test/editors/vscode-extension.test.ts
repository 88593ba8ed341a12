import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { PLAY_COMMAND, STOP_COMMAND } from '../../src/lsp/language-server.js';
import { freshDir } from '../pipeline/harness.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const plugin = join(root, 'plugins/vscode');
const bin = (name: string) => join(root, 'node_modules/.bin', name);

test('the VS Code extension builds with what the project installs', async () => {
  const out = freshDir('alda-live-vscode-');
  try {
    await run(bin('tsc'), ['-p', join(plugin, 'tsconfig.json'), '--outDir', out], { timeout: 120_000 });
    const built = readFileSync(join(out, 'extension.js'), 'utf8');
    assert.match(built, /exports\.activate/);
    // It asks the language server for the commands the server offers.
    assert.ok(built.includes(`'${PLAY_COMMAND}'`) && built.includes(`'${STOP_COMMAND}'`));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('its manifest binds keys only to commands it declares, and names files that exist', () => {
  const manifest = JSON.parse(readFileSync(join(plugin, 'package.json'), 'utf8')) as {
    contributes: { commands: { command: string }[]; keybindings: { command: string }[]; grammars: { path: string }[]; languages: { configuration: string; extensions: string[] }[] };
  };
  const declared = manifest.contributes.commands.map((entry) => entry.command);
  for (const binding of manifest.contributes.keybindings) assert.ok(declared.includes(binding.command), binding.command);
  for (const grammar of manifest.contributes.grammars) assert.ok(existsSync(join(plugin, grammar.path)), grammar.path);
  assert.ok(existsSync(join(plugin, manifest.contributes.languages[0]!.configuration)));
  assert.equal(manifest.contributes.languages[0]!.extensions, ['.alda']);
});

test('the TextMate grammar passes its tests (vscode-tmgrammar-test)', async () => {
  const { stdout } = await run(bin('vscode-tmgrammar-test'), ['-g', join(plugin, 'syntaxes/alda.tmLanguage.json'), join(plugin, 'test/*.alda')], { timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
  assert.match(stdout, /run successfuly/);
});

test.run();
