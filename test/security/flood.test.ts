import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { isNoteOn, RawClient, readRecording, stopServer, testServer, waitFor } from '../pipeline/harness.js';

const test = suite('a flood from one client');

test("does not delay another session's events beyond the performer's normal precision", async () => {
  const { server, dir } = await testServer();
  const flooders: RawClient[] = [];
  let flooding = true;
  let refused = 0;
  let closedForFlooding = 0;
  try {
    // The flooder sends pings as fast as it can, and comes back whenever it is closed for it.
    const flood = async () => {
      for (let n = 0; flooding; n++) {
        const client = await RawClient.open(server);
        flooders.push(client);
        client.socket.on('message', (data) => {
          if (String(data).includes('ALDA_RATE_LIMITED')) refused++;
        });
        const closed = new Promise<void>((resolve) =>
          client.socket.once('close', (code) => {
            if (code === 1008) closedForFlooding++;
            resolve();
          }),
        );
        while (flooding && client.socket.readyState === client.socket.OPEN) {
          for (let i = 0; i < 50; i++) client.socket.send(`{"v":1,"type":"ping","id":"flood:${n}:${i}"}`);
          await new Promise((resolve) => setImmediate(resolve));
        }
        client.close();
        await closed;
      }
    };
    const flooded = flood();
    await waitFor('the flood to be refused', () => refused > 0);

    const steady = await RawClient.open(server);
    const record = join(dir, 'steady.jsonl');
    const notes = Array.from({ length: 20 }, (_, i) => [60 + i, i * 50, 40]);
    const reply = await steady.request({ v: 1, type: 'eval', id: 'steady:1', session: 'steady', code: JSON.stringify(notes), sink: { record } });
    assert.is(reply.type, 'reply', JSON.stringify(reply));
    const lines = await waitFor('40 recorded messages', () => {
      const lines = readRecording(record);
      return lines.length >= 40 && lines;
    }, 30_000);
    flooding = false;
    await flooded;
    steady.close();

    assert.equal(lines.filter(isNoteOn).map((l) => l.data[1]), notes.map(([note]) => note));
    // The same generous bound as the pipeline's own timing test: precision is measured by bench/timing.ts.
    for (const line of lines) assert.ok(line.at >= line.due && line.at - line.due < 100, `on time: ${JSON.stringify(line)}`);
    assert.ok(refused > 0 && closedForFlooding > 0, `the flood was refused (${refused}) and closed (${closedForFlooding})`);
  } finally {
    flooding = false;
    for (const client of flooders) client.socket.terminate();
    await stopServer(server, dir);
  }
});

test.run();
