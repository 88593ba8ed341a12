/**
 * Two alda-live machines on one Ableton Link session, each a network namespace of its own on
 * this host (Link is enabled only inside them: never in the machine's own namespace). Prints:
 *  - convergence: from a second Link clock's start to its phase agreeing with the first's within
 *    0.1 ms, over RUNS joins (ms, p50/max);
 *  - onset skew over SECONDS of quarter notes at 120 bpm played by both peers (server, performer,
 *    Link clock and recording each): each of B's note-ons to A's nearest, as sent and as due
 *    (lateness taken out), p50/p99/max.
 * Needs root (ip netns) and the Link clock built (npm run build:link). Bounded: about SECONDS +
 * 30 s; everything it starts, and its namespaces, go when it ends.
 * Prints figures; asserts nothing. Run: npm run bench:ensemble [-- --seconds 60 --runs 5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { linkUnavailable } from '../src/performer/link/link-process.js';
import { readRecording, isNoteOn, type Recorded } from '../test/pipeline/harness.js';
import { Peer, skews } from '../test/ensemble/ensemble.js';
import { quantile, quantiles } from './quantiles.js';
import { createNamespaces, namespacesUnavailable, type Namespaces } from '../test/support/netns.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, runs: { type: 'string', default: '5' } } });
const SECONDS = Math.min(Math.max(Number(values.seconds), 5), 120);
const RUNS = Math.min(Math.max(Number(values.runs), 1), 20);

const unavailable = linkUnavailable() ?? namespacesUnavailable();
if (unavailable !== undefined) {
  console.log(`bench:ensemble cannot run here: ${unavailable}`);
  process.exit(0);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const namespaces = createNamespaces(2);
const dir = mkdtempSync(join(tmpdir(), 'alda-live-ensemble-'));
try {
  console.log(`load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
  const converged = await convergence(namespaces);
  console.log(`convergence (${RUNS} joins): p50 ${quantile(converged, 0.5).toFixed(0)} ms, max ${Math.max(...converged).toFixed(0)} ms`);
  await onsets(namespaces);
} finally {
  namespaces.remove();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);

/** Link clocks (plugins/link-clock) in the two namespaces: how long B takes to lock onto A's phase. */
async function convergence(namespaces: Namespaces): Promise<number[]> {
  type State = { at: number; beat: number; tempo: number; peers: number };
  const clock = (index: number) => {
    const child = namespaces.spawn(index, process.execPath, ['plugins/link-clock/link-clock.js', '--quantum', '4'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const states: State[] = [];
    createInterface({ input: child.stdout! }).on('line', (line) => states.push(JSON.parse(line) as State));
    return { child, states, started: Number(process.hrtime.bigint()) / 1e6 };
  };
  const a = clock(0);
  await sleep(1000);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const b = clock(1);
    const locked = await new Promise<number>((resolve) => {
      const timer = setInterval(() => {
        const last = b.states.at(-1);
        const ref = a.states.at(-1);
        if (!last || !ref || last.peers === 0) return;
        const beatOfA = ref.beat + ((last.at - ref.at) * ref.tempo) / 60_000;
        const phase = (((last.beat - beatOfA) % 4) + 4) % 4;
        const off = (Math.min(phase, 4 - phase) * 60_000) / last.tempo;
        if (off < 0.1) {
          clearInterval(timer);
          resolve(last.at - b.started);
        }
      }, 5);
      setTimeout(() => {
        clearInterval(timer);
        resolve(NaN);
      }, 10_000);
    });
    times.push(locked);
    b.child.stdin!.end();
    await new Promise((resolve) => b.child.once('exit', resolve));
    // The first clock forgets B (it said goodbye) before the next join.
    await sleep(300);
  }
  a.child.stdin!.end();
  await new Promise((resolve) => a.child.once('exit', resolve));
  return times;
}

/** Both peers play quarter notes at 120 for SECONDS; B's note-ons against A's. */
async function onsets(namespaces: Namespaces): Promise<void> {
  const [a, b] = [new Peer(namespaces, 0), new Peer(namespaces, 1)];
  try {
    await Promise.all([a.ready, b.ready]);
    const beats = SECONDS * 2;
    const record = (name: string) => join(dir, `${name}.jsonl`);
    const sink = (name: string) => ({ record: record(name), link: { quantum: 4 } });
    await a.request('eval', { session: 'a', code: `piano: (tempo 120) o4 [c4]*${beats + 8}`, sink: sink('a') });
    await b.request('eval', { session: 'b', code: `piano: (tempo 120) o5 [e4]*${beats}`, sink: sink('b') });
    const notes = (name: string) => readRecording(record(name)).filter(isNoteOn) as (Recorded & { host: number })[];
    const deadline = Date.now() + (SECONDS + 20) * 1000;
    while (notes('b').length < beats && Date.now() < deadline) await sleep(500);
    const sent = (name: string) => notes(name).map((r) => r.host);
    const due = (name: string) => notes(name).map((r) => r.host - (r.at - r.due));
    console.log(`onset skew B to A, as sent (${SECONDS} s at 120 bpm): ${quantiles(skews(sent('b'), sent('a')), 3)}`);
    console.log(`onset skew B to A, as due:                  ${quantiles(skews(due('b'), due('a')), 3)}`);
    const lateness = [...notes('a'), ...notes('b')].map((r) => r.at - r.due);
    console.log(`lateness (at − due) of both performers:     ${quantiles(lateness, 3)}`);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}
