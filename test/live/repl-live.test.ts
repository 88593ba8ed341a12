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

test('REPL :live — a part typed again swaps at its boundary, :unloop lets one finish, a bad input changes nothing', async () => {
  const { server, dir } = await engineServer();
  const session = replSession(dir, 'jam');
  try {
    await session.open();
    const context = collecting(session, dir);
    const said = async (input: string, pattern: RegExp): Promise<RegExpMatchArray> => {
      const from = context.entries.length;
      await interpret(input, context);
      const text = printed(context.entries, from);
      const match = text.match(pattern);
      assert.ok(match, `${input} → ${text}`);
      return match!;
    };
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

    await said('(tempo! 240) piano: c8 d e )', /^error: <repl>:1:\d+ /);
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

test.run();
