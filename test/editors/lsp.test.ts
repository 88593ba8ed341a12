import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { sessionForFile } from '../../src/client/file-session.js';
import type { AldaServer } from '../../src/server/server.js';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { stopServer, testServer, waitFor } from '../pipeline/harness.js';
import { LspClient } from './lsp-client.js';

const bin = fileURLToPath(new URL('../../bin/alda-live.js', import.meta.url));
const test = suite<{ server: AldaServer; dir: string; lsp: LspClient }>('lsp');

type Diagnostics = { uri: string; diagnostics: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; message: string; code: string }[] };

test.before(async (context) => {
  Object.assign(context, await testServer({ newScore: () => new EngineScore() }));
  context.lsp = new LspClient(process.execPath, [bin, 'lsp'], { ...process.env, ALDA_LIVE_STATE_DIR: context.dir });
  const init = await context.lsp.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  assert.ok((init.result as { capabilities: { completionProvider: unknown } }).capabilities.completionProvider);
  context.lsp.notify('initialized', {});
});

test.after(async ({ server, dir, lsp }) => {
  lsp?.kill();
  if (server) await stopServer(server, dir);
});

const song = (dir: string) => pathToFileURL(join(dir, 'song.alda')).href;

test('diagnostics as you type: the engine’s error, at its exact range; none once it is fixed', async ({ dir, lsp }) => {
  const uri = song(dir);
  const published = lsp.next<Diagnostics>('textDocument/publishDiagnostics', (params) => params.uri === uri);
  // The tempo's argument is on line 2 (0-based 1), after "piano: c d " and a non-BMP character's two UTF-16 units.
  lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'alda', version: 1, text: '# 𝄞 song\npiano: c d (tempo "x")' } });
  const { diagnostics } = await published;
  assert.is(diagnostics.length, 1);
  assert.equal(diagnostics[0]!.range, { start: { line: 1, character: 11 }, end: { line: 1, character: 22 } });
  assert.match(diagnostics[0]!.message, /signature of `tempo`/);
  const fixed = lsp.next<Diagnostics>('textDocument/publishDiagnostics', (params) => params.uri === uri);
  lsp.notify('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 1, character: 18 }, end: { line: 1, character: 21 } }, text: '120' }],
  });
  assert.equal((await fixed).diagnostics, []);
});

test('completion: instruments and the score’s parts for a part, attributes after a parenthesis', async ({ dir, lsp }) => {
  const uri = pathToFileURL(join(dir, 'band.alda')).href;
  lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'alda', version: 1, text: 'violin "lead": c d\npia\n(tem' } });
  const labels = async (line: number, character: number) =>
    ((await lsp.request('textDocument/completion', { textDocument: { uri }, position: { line, character } })).result as { label: string }[]).map((item) => item.label);
  const parts = await labels(1, 3);
  assert.ok(parts.includes('piano'));
  assert.ok(parts.includes('lead'));
  assert.ok(parts.includes('midi-acoustic-grand-piano'));
  assert.not.ok(parts.includes('tempo'));
  const attributes = await labels(2, 4);
  assert.ok(attributes.includes('tempo'));
  assert.ok(attributes.includes('tempo!'));
  assert.not.ok(attributes.includes('piano'));
});

test('hover tells what an instrument or attribute is; symbols list parts, markers and variables', async ({ dir, lsp }) => {
  const uri = pathToFileURL(join(dir, 'hover.alda')).href;
  lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'alda', version: 1, text: 'riff = c d\nclarinet: %verse (vol 50) riff' } });
  const hover = (await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 3 } })).result as { contents: { value: string } };
  assert.match(hover.contents.value, /midi-clarinet/);
  const attribute = (await lsp.request('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 19 } })).result as { contents: { value: string } };
  assert.match(attribute.contents.value, /volume/);
  const symbols = (await lsp.request('textDocument/documentSymbol', { textDocument: { uri } })).result as { name: string; detail: string }[];
  assert.equal(symbols.map((symbol) => [symbol.detail, symbol.name]), [['variable', 'riff'], ['part', 'clarinet'], ['marker', 'verse']]);
});

test('play and stop go to the running server, in the file’s session', async ({ server, dir, lsp }) => {
  const uri = song(dir);
  const session = sessionForFile(join(dir, 'song.alda'));
  const played = await lsp.request('workspace/executeCommand', {
    command: 'alda-live.play',
    arguments: [{ uri, mode: 'selection', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } } }],
  });
  assert.is(played.error, undefined, JSON.stringify(played.error));
  assert.is((played.result as { events: number }).events, 2);
  await waitFor('the session', () => server.sessions.get(session));
  assert.is(server.sessions.get(session)!.text, 'piano: c d\n');
  const fromCursor = await lsp.request('workspace/executeCommand', {
    command: 'alda-live.play',
    arguments: [{ uri, mode: 'cursor', range: { start: { line: 1, character: 9 }, end: { line: 1, character: 9 } } }],
  });
  assert.is((fromCursor.result as { events: number }).events, 2);
  const stopped = await lsp.request('workspace/executeCommand', { command: 'alda-live.stop', arguments: [{ uri }] });
  assert.is(stopped.error, undefined);
});

test.run();
