/**
 * Live swaps through the real pieces: a server with its performer (in its own process, as
 * always), the save watcher on a real file, the client, and the recorder. A two-part loop
 * (500 ms) plays; the piano part is edited and saved again and again (alternately in place and
 * by rename), and for each save we measure:
 *
 *   1. save → swap scheduled: from the write of the file to the server's answer, which comes
 *      once the performer holds the new material (watcher coalescing, evaluation, `replace`);
 *   2. boundary error: when the new material's first note-on went out (`at`) against the
 *      boundary it was planned for (transport `at` + the transport's start), in ms;
 *   3. doubled or dropped notes around each boundary.
 *
 * Prints figures; asserts nothing. Run: npm run bench:swap [-- SWAPS]
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/client/client.js';
import { EngineScore } from '../src/server/session/engine-score.js';
import { startServer } from '../src/server/server.js';
import { SaveWatcher } from '../src/watch/save-watcher.js';
import type { LiveResult } from '../src/protocol/results.js';
import { quantiles } from './quantiles.js';
import { readLines } from './recording.js';

const SWAPS = Number(process.argv[2] ?? 20);
const LETTERS = ['c', 'd', 'e', 'f', 'g', 'a', 'b'];

/** Version i of the song: the piano's first note differs from one version to the next. */
const song = (i: number) => `(tempo! 240)\npiano: o4 ${LETTERS[i % 7]}8 ${LETTERS[(i + 3) % 7]}8 > c4\ncello: o2 c4 g\n`;

const dir = mkdtempSync(join(tmpdir(), 'alda-live-bench-swap-'));
const file = join(dir, 'song.alda');
const record = join(dir, 'song.jsonl');
const server = await startServer({ port: 0, stateDir: dir, newScore: () => new EngineScore(), log: () => {} });
const client = await connect({ stateDir: dir, start: false });
try {
  writeFileSync(file, song(0));
  const first = await client.request('live', { session: 'bench', code: song(0), name: 'song.alda', sink: { record } }, { timeout: 15_000 });
  let now = first.now as number;
  let answered: ((result: LiveResult) => void) | undefined;
  const watcher = await SaveWatcher.open({
    file,
    onSave: (text) => void client.request('live', { session: 'bench', code: text, name: 'song.alda' }, { timeout: 10_000 }).then((r) => answered?.(r)),
  });
  const latencies: number[] = [];
  const boundaries: number[] = [];
  for (let i = 1; i <= SWAPS; i++) {
    const reply = new Promise<LiveResult>((resolve) => (answered = resolve));
    const saved = performance.now();
    if (i % 2 === 0) writeFileSync(file, song(i));
    else {
      writeFileSync(file + '.tmp', song(i));
      renameSync(file + '.tmp', file);
    }
    const result = await reply;
    latencies.push(performance.now() - saved);
    const swap = (result.swaps as { part: string; at: number }[]).find((s) => s.part === 'piano')!;
    boundaries.push(swap.at);
    // Let the swap happen before the next save.
    while (now < swap.at + 50) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      now = (await client.request('live-status', { session: 'bench' })).now as number;
    }
  }
  await watcher.close();
  await client.request('stop', { session: 'bench' });

  const lines = readLines(record);
  const ons = lines.filter((l) => (l.data[0]! & 0xf0) === 0x90 && l.data[2]! > 0);
  const start = ons[0]!.due;
  const errors: number[] = [];
  let doubled = 0;
  let missing = 0;
  for (const at of boundaries) {
    const piano = ons.filter((l) => (l.data[0]! & 0x0f) === 0 && Math.abs(l.due - start - at) < 1e-3);
    if (piano.length === 0) missing++;
    if (piano.length > 1) doubled++;
    if (piano[0]) errors.push(piano[0].at - piano[0].due);
  }
  const lateness = ons.map((l) => l.at - l.due);
  console.log(`alda-live bench:swap — ${SWAPS} swaps of a 500 ms loop, two parts, saves alternately in place and by rename`);
  console.log(`save → swap scheduled:        ${quantiles(latencies)}`);
  console.log(`boundary error (actual − due): ${quantiles(errors)}`);
  console.log(`all note-ons, lateness:        ${quantiles(lateness)}`);
  console.log(`boundaries with a doubled note: ${doubled}; with none: ${missing}`);
} finally {
  client.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
