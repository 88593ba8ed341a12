import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { interpret } from '../../src/repl/commands/interpret.js';
import { stopServer, waitFor } from '../pipeline/harness.js';
import { collecting, engineServer, printed, replSession } from '../repl/session-harness.js';
import { expectedOns, LoopRecording, within, type Heard } from './loop-harness.js';

const piano1: Heard[] = [{ t: 0, note: 60 }, { t: 125, note: 62 }, { t: 250, note: 64 }, { t: 375, note: 65 }];
const piano2: Heard[] = [{ t: 0, note: 60 }, { t: 125, note: 64 }, { t: 250, note: 67 }, { t: 375, note: 71 }];
const cello: Heard[] = [{ t: 0, note: 36 }, { t: 250, note: 43 }];

/** Interprets an input and checks what it printed against `pattern`: its match. */
const saying =
  (context: ReturnType<typeof collecting>) =>
  async (input: string, pattern: RegExp): Promise<RegExpMatchArray> => {
    const from = context.entries.length;
    await interpret(input, context);
    const text = printed(context.entries, from);
    const match = text.match(pattern);
    assert.ok(match, `${input} → ${text}`);
    return match!;
  };

test('REPL :live — a part typed again swaps at its boundary, :unloop lets one finish, a bad input changes nothing', async () => {
  const { server, dir } = await engineServer();
  const session = replSession(dir, 'jam');
  try {
    await session.open();
    const context = collecting(session, dir);
    const said = saying(context);
    const seconds = (match: RegExpMatchArray) => Math.round(Number(match[1]) * 1000);

    await said(':live', /^Live: type a part/);
    const pianoAt = seconds(await said('(tempo! 240) piano: c8 d e f', /^piano enters at (\d+\.\d+) s/));
    const celloAt = seconds(await said('(tempo! 240) cello: o2 c4 g', /^cello enters at (\d+\.\d+) s/));
    assert.is(pianoAt % 500, 0, 'in phase with the transport');
    assert.is(celloAt % 500, 0);

    // The transport's start is where the first piano note was due, less its entry time.
    const recording = new LoopRecording(join(dir, 'jam.jsonl'));
    const heard = (channel: number) => recording.ons(channel).map((on) => ({ t: on.t + pianoAt, note: on.note }));
    await waitFor('the cello', () => heard(1).length > 2);

    await said('(tempo! 240) piano: c8 d e )', /^error: Unexpected close parenthesis/);
    const swapAt = seconds(await said('(tempo! 240) piano: c8 e g b', /^piano changes at (\d+\.\d+) s/));
    const unloopAt = seconds(await said(':unloop cello', /^cello stops at (\d+\.\d+) s/));
    await said(':live', /piano #\d+/);
    await waitFor('the piano past its swap and the cello stopped', () => heard(0).some((on) => on.t >= Math.max(swapAt, unloopAt) + 500), 15_000);

    const end = Math.max(swapAt, unloopAt) + 500;
    assert.equal(within(heard(0), 0, end), [...expectedOns(piano1, 500, pianoAt, pianoAt, swapAt), ...expectedOns(piano2, 500, swapAt, swapAt, end)]);
    assert.equal(heard(1), expectedOns(cello, 500, celloAt, celloAt, unloopAt), 'the cello untouched until it stopped');
    assert.equal(recording.hanging(1), []);

    // A second terminal in the session joins the loops instead of restarting them from its own (empty) text.
    const other = replSession(dir, 'jam');
    try {
      await other.open();
      const otherContext = collecting(other, dir);
      await interpret(':live', otherContext);
      assert.match(printed(otherContext.entries), /^Joined the live loops of session "jam": .*piano #/);
    } finally {
      other.close();
    }

    await said(':live off', /^Live mode off/);
    await said(':unloop piano', /^error: Not in live mode/);
    await waitFor('silence', () => recording.hanging(0).length === 0);
  } finally {
    session.close();
    await stopServer(server, dir);
  }
});

test('REPL :live is one mode: :tempo swaps at the boundary, errors keep their caret, :parts and the status show the loops, :live again keeps what was swapped in', async () => {
  const { server, dir } = await engineServer();
  const session = replSession(dir, 'mode');
  try {
    await session.open();
    const context = collecting(session, dir);
    const said = saying(context);
    // A part is listed from its entry; a swap shows from its boundary.
    const looping = (expected: string[], why: string) =>
      waitFor(`${expected.join(', ')}: ${why}`, async () => {
        const parts = (await session.loops())!.parts.map((p) => `${p.part} ${p.length}`);
        return parts.join() === expected.join();
      }, 15_000);

    await said(':live', /^Live: type a part/);
    await said('piano: c8 d e f', /^piano enters at/);
    await looping(['piano 1000'], '120 bpm: four eighths last a second');

    const from = context.entries.length;
    await interpret('cello: c8 d )', context);
    const error = context.entries[from]!;
    if (error.kind !== 'error') return assert.unreachable(`expected an error, got ${JSON.stringify(error)}`);
    assert.equal(error.error.at, { line: 1, column: 13, text: 'cello: c8 d )', isLast: true }, 'the caret under the column');

    const changed = await said(':tempo 240', /^Tempo 240 bpm from each part's next boundary\npiano changes at (\d+\.\d+) s/);
    assert.is(Math.round(Number(changed[1]) * 1000) % 1000, 0, "at the piano's loop boundary");
    await looping(['piano 500'], 'the loops played on, at the new tempo');
    await said('cello: o2 c4 g', /^cello enters at/);
    await looping(['piano 500', 'cello 500'], 'a line after :tempo plays at it');

    await said(':parts', /^piano {2}loop #\d+, \d+\.\d+ of 0\.50 s\ncello {2}loop #\d+, \d+\.\d+ of 0\.50 s\nquant loop, transport at \d+\.\d+ s$/);
    await waitFor('the status line to show the loops', () => session.status.quant === 'loop' && session.status.parts.join() === 'piano,cello');

    await said(':live off', /^Live mode off/);
    assert.is(session.status.quant, undefined);
    await said(':live', /^Live: looping piano, cello/);
    await looping(['piano 500', 'cello 500'], 'what was swapped in, not the text before live mode');

    // Our own stop ends the loops: nobody else is blamed, and :live starts them again.
    await said(':stop', /^(Stopped|Nothing was playing)$/);
    await said(':live', /^Live: looping piano, cello/);
    assert.not.match(printed(context.entries), /another client/i);
  } finally {
    session.close();
    await stopServer(server, dir);
  }
});

test.run();
