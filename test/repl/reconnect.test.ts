import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { connect, RequestError } from '../../src/client/client.js';
import { LiveSession } from '../../src/repl/live-session.js';
import { stopServer, waitFor } from '../pipeline/harness.js';
import { engineServer, replSession } from './session-harness.js';

// Inputs here declare parts and set attributes but play no note, so that no performer has to
// start: what is checked is the score's text and parts, on whichever server holds them.

const notices = (session: LiveSession): string[] => {
  const seen: string[] = [];
  session.on('notice', (text: string) => seen.push(text));
  return seen;
};

const partNames = (session: LiveSession) => session.score.view().parts.map((part) => part.name);

test('two REPLs in one session share its score; one that joins later starts from its text', async () => {
  const { server, dir } = await engineServer();
  const a = replSession(dir, 'shared');
  const b = replSession(dir, 'shared');
  const late = replSession(dir, 'shared');
  try {
    await a.open();
    await b.open();
    assert.ok((await a.evaluate('piano: (volume 80)')).ok);
    await waitFor('b to hear of a', () => b.text === 'piano: (volume 80)\n');
    assert.ok((await b.evaluate('violin:')).ok);
    await waitFor('a to hear of b', () => a.text === 'piano: (volume 80)\nviolin:\n');
    assert.equal(partNames(a), ['piano', 'violin']);
    await late.open();
    assert.is(late.text, 'piano: (volume 80)\nviolin:\n');
    assert.equal(partNames(late), ['piano', 'violin']);
  } finally {
    for (const session of [a, b, late]) session.close();
    await stopServer(server, dir);
  }
});

test('a server replaced under the REPL gets the session back, and the pending line once', async () => {
  const first = await engineServer();
  const dir = first.dir;
  const session = replSession(dir, 'moving');
  const seen = notices(session);
  const servers = [first];
  try {
    await session.open();
    assert.ok((await session.evaluate('piano:')).ok);
    await first.server.close();

    // Another server takes the state dir: the REPL finds it, rebuilds the session there, then sends the line.
    const second = await engineServer(dir);
    servers.push(second);
    assert.ok((await session.evaluate('violin:')).ok);
    assert.is(session.text, 'piano:\nviolin:\n');
    assert.is(second.server.sessions.get('moving')!.text, 'piano:\nviolin:\n');
    assert.ok(seen.some((notice) => /^Lost the server/.test(notice)), seen.join('\n'));
    assert.ok(seen.some((notice) => /^Connected to a new server/.test(notice)), seen.join('\n'));
    await second.server.close();

    // No server at all for a while: the REPL says so, keeps the line, and sends it once a server is back.
    const pending = session.evaluate('(tempo! 90)');
    await waitFor('the REPL to notice', () => session.status.connection === 'reconnecting');
    const third = await engineServer(dir);
    servers.push(third);
    assert.ok((await pending).ok);
    assert.is(session.status.connection, 'connected');
    assert.is(session.text, 'piano:\nviolin:\n(tempo! 90)\n');
    assert.is(third.server.sessions.get('moving')!.text, 'piano:\nviolin:\n(tempo! 90)\n');
  } finally {
    session.close();
    for (const { server, dir: own } of servers.reverse()) await stopServer(server, own);
  }
});

test('a server that goes away while the REPL only watches is reported, and replaced only by the next input', async () => {
  const first = await engineServer();
  const dir = first.dir;
  let connections = 0;
  const session = new LiveSession({
    session: 'away',
    connect: () => (connections++, connect({ stateDir: dir, start: false })),
    sink: { record: join(dir, 'away.jsonl') },
    retryDelay: 50,
    idlePoll: 50,
  });
  const seen = notices(session);
  const servers = [first];
  try {
    await session.open();
    assert.ok((await session.evaluate('piano:')).ok);
    await first.server.close();
    await waitFor('the REPL to say the server went away', () => seen.find((notice) => /^The server went away .*your next input starts one/.test(notice)));
    assert.is(session.status.connection, 'no server');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.is(connections, 1, 'its watching looked for no server');
    assert.is(await session.stop(), false, 'Ctrl-C with no server: nothing plays, and no server is started to say so');
    assert.is(connections, 1);

    const second = await engineServer(dir);
    servers.push(second);
    assert.ok((await session.evaluate('violin:')).ok, 'the next input starts (here: finds) a server');
    assert.is(session.status.connection, 'connected');
    assert.ok(seen.includes('Starting a server…'), seen.join('\n'));
    assert.is(second.server.sessions.get('away')!.text, 'piano:\nviolin:\n');
  } finally {
    session.close();
    for (const { server, dir: own } of servers.reverse()) await stopServer(server, own);
  }
});

test('--record for a session whose performer plays elsewhere is refused at the start; before it plays, the session takes it', async () => {
  const { server, dir } = await engineServer();
  const first = replSession(dir, 'sinks', join(dir, 'first.jsonl'));
  const early = replSession(dir, 'early', join(dir, 'early-a.jsonl'));
  const late = replSession(dir, 'early', join(dir, 'early-b.jsonl'));
  const second = replSession(dir, 'sinks', join(dir, 'second.jsonl'));
  try {
    await first.open();
    assert.ok((await first.evaluate('piano: c32')).ok, 'the performer opens, recording to first.jsonl');
    const refused = await second.open().then(() => undefined, (error: unknown) => error);
    assert.instance(refused, RequestError);
    assert.is((refused as RequestError).code, 'ALDA_SINK_IN_USE');
    assert.match((refused as RequestError).message, `Session "sinks" already plays through the built-in synth, recording to ${join(dir, 'first.jsonl')}`);

    // A session with no performer yet (no note played) takes the sink of whoever joins.
    await early.open();
    assert.ok((await early.evaluate('piano:')).ok);
    assert.is(await late.open(), "Joined session early (0 notes so far)");
    assert.equal(server.sessions.get('early')!.sink.record, join(dir, 'early-b.jsonl'));
  } finally {
    for (const session of [first, second, early, late]) session.close();
    await stopServer(server, dir);
  }
});

test.run();
