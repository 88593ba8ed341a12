import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, type ReadStream } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RawClient, stopServer, testServer, waitFor } from './harness.js';

const notes = (list: number[][]) => JSON.stringify(list);

test('a performer that takes longer than 5 s to open its sinks, alive and heartbeating, is waited for', async () => {
  const { server, dir } = await testServer();
  const client = await RawClient.open(server);
  // The recording is a pipe: it opens when something reads it, and nothing does for longer than
  // the 5 s any other command to a performer may take.
  const fifo = join(dir, 'slow.fifo');
  execFileSync('mkfifo', [fifo]);
  let reader: ReadStream | undefined;
  try {
    // A performer ready and waiting: `open` goes out as the eval comes in, and the clock below is its own.
    await waitFor('a spare performer', () => server.pool.workers.some((w) => w.state === 'spare' && w.socket), 30_000);
    const asked = Date.now();
    const reply = client.request({ v: 1, type: 'eval', id: 'slow:1', session: 'slow', code: notes([[60, 0, 100]]), sink: { record: fifo } }, 60_000);
    await waitFor('6 s past the request', () => Date.now() - asked > 6_000, 10_000);
    const heard: string[] = [];
    reader = createReadStream(fifo, 'utf8');
    reader.on('data', (chunk) => heard.push(String(chunk)));
    const answer = await reply;
    assert.is(answer.type, 'reply', JSON.stringify(answer));
    await waitFor('the note through the pipe', () => heard.join('').includes('"data":[144,60,'));
  } finally {
    reader?.destroy();
    client.close();
    await stopServer(server, dir);
  }
});

test('a recording that cannot be opened is refused when the performer opens, with its reason', async () => {
  const { server, dir } = await testServer();
  const client = await RawClient.open(server);
  const directory = join(dir, 'a-directory');
  mkdirSync(directory);
  try {
    const answer = await client.request({ v: 1, type: 'eval', id: 'bad:1', session: 'bad', code: notes([[60, 0, 100]]), sink: { record: directory } });
    assert.equal([answer.type, answer.code, answer.message], ['error', 'ALDA_CANNOT_WRITE', `Cannot record to ${directory}: EISDIR`]);
  } finally {
    client.close();
    await stopServer(server, dir);
  }
});

test.run();
