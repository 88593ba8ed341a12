import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { connect } from '../../src/client/client.js';
import { LiveSession, type Status } from '../../src/repl/live-session.js';
import { stopServer, within } from '../pipeline/harness.js';
import { engineServer } from './session-harness.js';

test('▶ shows when the first note is due, without waiting for the next look at the position', async () => {
  const { server, dir } = await engineServer();
  // Nothing plays, so the position is asked only every minute: ▶ cannot come from there.
  const session = new LiveSession({ session: 'due', connect: () => connect({ stateDir: dir, start: false }), sink: { record: join(dir, 'due.jsonl') }, idlePoll: 60_000 });
  try {
    await session.open();
    const shown = new Promise<number>((resolve) => session.on('status', (status: Status) => status.playing !== undefined && resolve(status.playing)));
    assert.ok((await session.evaluate('piano: c1~1')).ok);
    assert.is(await within(5_000, '▶ on the status', (resolve) => void shown.then(resolve)), 0, 'the score time of the first note');
  } finally {
    session.close();
    await stopServer(server, dir);
  }
});

test.run();
