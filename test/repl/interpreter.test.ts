import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { interpret } from '../../src/repl/commands/interpret.js';
import type { LiveSession } from '../../src/repl/live-session.js';
import type { AldaServer } from '../../src/server/server.js';
import { isNoteOn, readRecording, stopServer, waitFor } from '../pipeline/harness.js';
import { collecting, engineServer, printed, replSession } from './session-harness.js';

type Context = { server: AldaServer; dir: string; session: LiveSession; repl: ReturnType<typeof collecting> };
const test = suite<Context>('repl interpreter');

test.before(async (context) => {
  Object.assign(context, await engineServer());
  context.session = replSession(context.dir, 'main');
  await context.session.open();
  context.repl = collecting(context.session, context.dir);
});

test.after(async ({ server, dir, session }) => {
  session?.close();
  if (server) await stopServer(server, dir);
});

const run = async (repl: Context['repl'], input: string): Promise<string> => {
  const from = repl.entries.length;
  await interpret(input, repl);
  return printed(repl.entries, from);
};

test('two lines play the scale, the second right after the first', async ({ repl, dir }) => {
  assert.is(await run(repl, 'piano: c d e f'), '');
  assert.is(await run(repl, 'g a b > c'), '');
  const ons = await waitFor('8 note-ons', () => {
    const ons = readRecording(join(dir, 'main.jsonl')).filter(isNoteOn);
    return ons.length >= 8 && ons;
  });
  assert.equal(ons.map((on) => on.data[1]), [60, 62, 64, 65, 67, 69, 71, 72]);
  // Where they were placed on the timeline (not when they went out): a quarter note apart, no gap between the lines.
  ons.forEach((on, i) => assert.ok(Math.abs(on.due - ons[0]!.due - i * 500) < 0.01, `note ${i} due at ${on.due}`));
  await run(repl, ':stop');
});

test(':score text shows both lines', async ({ repl }) => {
  assert.is(await run(repl, ':score text'), 'piano: c d e f\ng a b > c');
  assert.is(await run(repl, ':score'), 'piano: c d e f\ng a b > c');
});

test('a syntax error has its column, and leaves the score unchanged', async ({ repl }) => {
  const from = repl.entries.length;
  await interpret('piano: c8 d% e', repl);
  const entry = repl.entries[from]!;
  assert.is(entry.kind, 'error');
  if (entry.kind !== 'error') return;
  assert.equal(entry.error.at, { line: 1, column: 12, text: 'piano: c8 d% e', isLast: true });
  assert.match(entry.error.message, /Unexpected '%'/);
  assert.is(await run(repl, ':score text'), 'piano: c d e f\ng a b > c');
});

test('an error the server finds is placed too, on the right line of a multi-line input', async ({ repl, session }) => {
  const from = repl.entries.length;
  await interpret('piano: c\nfoo: d', repl);
  const entry = repl.entries[from]!;
  if (entry.kind !== 'error') return assert.unreachable(`expected an error, got ${JSON.stringify(entry)}`);
  assert.equal(entry.error.at, { line: 2, column: 1, text: 'foo: d', isLast: true });
  assert.match(entry.error.message, /foo/);
  assert.is(session.score.state.events.length, 8, 'nothing of the failed input was kept');
});

test('an error inside a cram is placed at its {, as Alda places it', async ({ repl, session }) => {
  const from = repl.entries.length;
  await interpret('c {d nowhere}2', repl);
  const entry = repl.entries[from]!;
  if (entry.kind !== 'error') return assert.unreachable(`expected an error, got ${JSON.stringify(entry)}`);
  assert.equal(entry.error.at, { line: 1, column: 3, text: 'c {d nowhere}2', isLast: true });
  assert.is(entry.error.message, 'undefined variable: nowhere');
  assert.is(session.score.state.events.length, 8, 'nothing of the failed input was kept');
});

test('a cryptic error keeps Alda\'s message and gets a hint, found locally or by the server', async ({ repl }) => {
  for (const [input, message, hint] of [
    ['piano: C D E', "Unexpected ' ' in note/rest/name", 'notes are lower-case: c d e'],
    ['(tempo 90 c d', 'unterminated S-expression', 'the ( at 1:1 is never closed with )'],
    ['pianoo: c', 'unrecognized instrument: pianoo', 'did you mean piano? (`alda-live instruments` lists them)'],
  ]) {
    const from = repl.entries.length;
    await interpret(input!, repl);
    const entry = repl.entries[from]!;
    if (entry.kind !== 'error') return assert.unreachable(`expected an error, got ${JSON.stringify(entry)}`);
    assert.is(entry.error.message, message);
    assert.is(entry.error.hint, hint);
  }
});

test(':parts, :score info, data, events and forms read the score', async ({ repl }) => {
  assert.match(await run(repl, ':parts'), /part\d+ {2}piano {2}\(midi-acoustic-grand-piano\)/);
  assert.match(await run(repl, ':score info'), /Parts: piano\nCurrent parts: piano\nNotes: 8/);
  const data = JSON.parse(await run(repl, ':score data')) as { events: { 'midi-note': number }[] };
  assert.equal(data.events.map((e) => e['midi-note']), [60, 62, 64, 65, 67, 69, 71, 72]);
  const events = JSON.parse(await run(repl, ':score events')) as { type: string }[];
  assert.is(events[0]!.type, 'part-declaration');
  assert.match(await run(repl, ':score forms'), /^\(part "piano"\)\n\(note \(pitch :c\)\)/);
  assert.match(await run(repl, ':score nonsense'), /^error: Unknown kind "nonsense"/);
});

test(':help lists the commands and explains one; unknown commands are answered', async ({ repl }) => {
  const help = await run(repl, ':help');
  for (const name of ['play', 'stop', 'new', 'load', 'save', 'export', 'score', 'parts', 'instruments', 'version', 'quit']) {
    assert.match(help, new RegExp(`^:${name}\\b`, 'm'));
  }
  assert.match(await run(repl, ':help play'), /:play from verse to bridge/);
  assert.match(await run(repl, ':frobnicate'), /^error: Unknown command :frobnicate/);
  assert.match(await run(repl, ':help frobnicate'), /^error: There is no command :frobnicate/);
});

test(':instruments, :version, :session, :tempo', async ({ repl }) => {
  assert.match(await run(repl, ':instruments'), /^midi-acoustic-grand-piano \(midi-piano, piano\)$/m);
  assert.match(await run(repl, ':version'), /^alda-live \d+\.\d+\.\d+\nserver at ws:\/\/127\.0\.0\.1:\d+ \(pid \d+\)$/);
  assert.match(await run(repl, ':session'), /^Session "main": 1 client joined, 8 notes/);
  assert.is(await run(repl, ':tempo'), 'piano: 120 bpm');
  assert.is(await run(repl, ':tempo fast'), 'error: A tempo is a positive number of beats per minute, not "fast"');
});

test(':play replays the whole score; :play with an unknown marker says so', async ({ repl, dir }) => {
  const record = join(dir, 'main.jsonl');
  const before = readRecording(record).filter(isNoteOn).length;
  assert.is(await run(repl, ':play'), 'Playing the score from the start');
  await waitFor('the score again', () => readRecording(record).filter(isNoteOn).length >= before + 2);
  assert.match(await run(repl, ':stop'), /^(Stopped|Nothing was playing)$/);
  assert.match(await run(repl, ':play from nowhere'), /^error: .*nowhere/);
  assert.match(await run(repl, ':play sideways'), /^error: Expected \[from X\] \[to Y\]/);
});

test(':save, :new and :load go round; :export writes a MIDI file', async ({ repl, session, dir }) => {
  assert.is(await run(repl, ':save song.alda'), 'Saved song.alda');
  assert.is(readFileSync(join(dir, 'song.alda'), 'utf8'), 'piano: c d e f\ng a b > c\n');
  assert.is(await run(repl, ':new'), 'New score');
  assert.is(session.text, '');
  assert.is(session.score.state.events.length, 0);
  assert.match(await run(repl, ':export empty.mid'), /^error: Nothing to export/);
  assert.match(await run(repl, ':load'), /^Loaded song.alda \(8 notes\)/);
  assert.is(session.text, 'piano: c d e f\ng a b > c\n');
  assert.is(await run(repl, ':export song.mid'), 'Exported 8 notes to song.mid');
  assert.is(readFileSync(join(dir, 'song.mid')).subarray(0, 4).toString(), 'MThd');
  assert.match(await run(repl, ':export song.ogg'), /^error: Cannot tell the format/);
  assert.match(await run(repl, ':load missing.alda'), /^error: cannot read missing.alda: no such file or directory$/);
  writeFileSync(join(dir, 'bad.alda'), 'piano: c d%');
  const bad = await run(repl, ':load bad.alda');
  assert.match(bad, /^error: bad.alda:1:11 Unexpected '%'/, bad);
  assert.is(session.text, 'piano: c d e f\ng a b > c\n', 'a file that fails leaves the score as it was');
  assert.ok(!existsSync(join(dir, 'song.ogg')));
});

test('a line after :load continues after the loaded score', async ({ repl, session }) => {
  assert.is(await run(repl, 'd'), '');
  const events = session.score.state.events;
  assert.is(events.offset(events.length - 1), 4000);
});

test('a trailing rest is kept between lines (alda#421)', async ({ repl, dir }) => {
  const rest = replSession(dir, 'rest');
  try {
    await rest.open();
    const context = collecting(rest, dir);
    await interpret('piano: c8 r2', context);
    await interpret('d8', context);
    assert.equal(printed(context.entries), '');
    const ons = await waitFor('2 note-ons', () => {
      const ons = readRecording(join(dir, 'rest.jsonl')).filter(isNoteOn);
      return ons.length >= 2 && ons;
    });
    assert.ok(Math.abs(ons[1]!.due - ons[0]!.due - 1250) < 0.01, `the second line is due after the rest: ${ons[1]!.due - ons[0]!.due} ms`);
  } finally {
    rest.close();
  }
});

test('quit, exit, bye and :quit leave', async ({ repl }) => {
  for (const word of ['quit', 'exit', 'bye', ':quit']) {
    repl.quitted = false;
    await interpret(word, repl);
    assert.ok(repl.quitted, word);
  }
});

test.run();
