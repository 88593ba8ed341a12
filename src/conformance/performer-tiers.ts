import { join } from 'node:path';
import type { TimedMessage } from '../protocol/messages.js';
import type { PerformerRequest, ResultFor, WorkerRecord } from '../server/performer-pool.js';
import type { Candidate } from './candidate.js';
import type { KitServer } from './kit-server.js';
import { isNoteOff, isNoteOn, lateness, readRecording, stuckNotes, type RecordedMessage } from './recording.js';
import { passed, tier, TierFailure, type TierResult } from './scorecard.js';
import { sleep, until } from './wait.js';

/** What the performer tiers share: the kit's server, the candidate, a dir for recordings, and what the handshake found. */
interface Bench {
  readonly kit: KitServer;
  readonly candidate: Candidate;
  readonly dir: string;
  worker: WorkerRecord | undefined;
  peer: string | undefined;
  /** The timing tier's recording, for the lateness figures. */
  timed: RecordedMessage[] | undefined;
}

/** Note `n` of a part on a channel from `on` to `off` ms. */
function note(part: string, channel: number, n: number, on: number, off: number): TimedMessage[] {
  return [
    { t: on, d: [0x90 | channel, n, 100], p: part },
    { t: off, d: [0x80 | channel, n, 0], p: part },
  ];
}

const byTime = (a: TimedMessage, b: TimedMessage) => a.t - b.t;
const same = (a: number, b: number, tolerance = 0.5) => Math.abs(a - b) <= tolerance;
const bytes = (data: readonly number[]) => `[${data.join(', ')}]`;

/**
 * The performer tiers of `alda-live conformance performer` (docs/conformance.md): the kit is
 * the server, drives the candidate with the commands the server sends, and judges it by its
 * replies and by the recording it asks for through `open`'s sink.
 */
export async function performerTiers(kit: KitServer, candidate: Candidate, dir: string, bail = false): Promise<TierResult[]> {
  const bench: Bench = { kit, candidate, dir, worker: undefined, peer: undefined, timed: undefined };
  const results = [await handshake(bench)];
  const tiers: [string, (bench: Bench) => Promise<TierResult>][] = [
    ['heartbeats', heartbeats],
    ['schedule, replace, stop: no stuck notes', bookkeeping],
    ['timing, continues and idle', timing],
    ['lateness', lateTier],
    ['bad messages', badMessages],
    ['reconnection after a server restart', reconnection],
  ];
  for (const [name, run] of tiers) {
    const stop = !bench.worker ? 'not run: no performer' : bail && !results.filter((t) => t.required).every(passed) ? 'not run: an earlier tier failed (--bail)' : undefined;
    results.push(stop ? { name, required: name !== 'lateness', checks: [{ ok: false, text: stop }] } : await run(bench));
  }
  return results;
}

/** The candidate exited: why, for a wait that would otherwise run out. */
const exited = (bench: Bench) => () => (bench.candidate.running ? undefined : 'the candidate exited');

/** A command through the server's own pool, so its reply is checked as the server checks it; a refusal says what the performer got wrong. */
async function ask<C extends PerformerRequest>(bench: Bench, command: C): Promise<ResultFor<C>> {
  try {
    return await bench.kit.server.pool.request(bench.worker!, command);
  } catch (error) {
    const { code, message } = error as Error & { code?: string };
    throw new TierFailure(`\`${command.type}\` failed: ${code ?? 'error'}: ${message}`);
  }
}

async function handshake(bench: Bench): Promise<TierResult> {
  return tier('handshake', true, async (check) => {
    const ready = await until('`ready` from a performer', () => bench.kit.inbound.find((i) => i.message?.type === 'ready'), 20_000, exited(bench));
    bench.peer = ready.peer;
    check(ready.role === 'performer', ready.role === 'performer' ? 'it connected on /performer and said `ready`' : `it said \`ready\` on a ${ready.role} path (connect to /performer)`);
    const refused = () => bench.kit.log.find((line) => line.includes(ready.peer) || line.includes(String(ready.message?.worker)));
    const worker = await until('acceptance of its `ready`', () => bench.kit.server.pool.workers.find((w) => w.socket && w.state === 'spare') ?? false, 5000, () =>
      refused() ? `the server refused its \`ready\`: ${refused()}` : undefined,
    );
    bench.worker = worker;
    check(true, `\`ready\` is valid: worker "${worker.id}", pid ${worker.pid}`);
    const { protocol, offers } = ready.message as { protocol?: number[]; offers?: { sinks: string[]; clocks: string[] } };
    check(true, protocol ? `it speaks protocol ${protocol.join(', ')} (answered with \`welcome\`)` : 'it names no protocol versions (optional: `protocol`)');
    if (offers) check(offers.sinks.includes('record'), `it offers sinks ${offers.sinks.join(', ') || 'none'}; clocks ${offers.clocks.join(', ') || 'none'}${offers.sinks.includes('record') ? '' : ' (the kit needs `record`)'}`);
  });
}

async function heartbeats(bench: Bench): Promise<TierResult> {
  return tier('heartbeats', true, async (check) => {
    const since = performance.now();
    await sleep(3500);
    const silence = bench.kit.longestSilence(bench.peer!, since);
    check(silence < 3000, `the longest silence in 3.5 s of idling: ${(silence / 1000).toFixed(1)} s (a peer silent for 3 s is dead: send \`heartbeat\` whenever nothing else went for 1 s)`);
    check(bench.worker!.state !== 'gone', bench.worker!.state === 'gone' ? 'the server found it silent and dropped it' : 'the server still finds it alive');
  });
}

/** Opens a session on the candidate with a recording; the recording's path. */
async function openRecorded(bench: Bench, session: string): Promise<string> {
  const pool = bench.kit.server.pool;
  if (bench.worker!.state === 'busy') pool.release(bench.worker!);
  await pool.acquire(session, 5000);
  const record = join(bench.dir, `${session}.jsonl`);
  const opened = await ask(bench, { type: 'open', session, sink: { record } });
  if (opened.session !== session) throw new TierFailure(`\`open\` answered session "${opened.session}", not "${session}"`);
  return record;
}

/** The recording, once the performer has had time to write it. */
async function recorded(file: string): Promise<RecordedMessage[]> {
  await sleep(250);
  const recording = readRecording(file);
  if (typeof recording === 'string') throw new TierFailure(recording);
  return recording;
}

async function bookkeeping(bench: Bench): Promise<TierResult> {
  return tier('schedule, replace, stop: no stuck notes', true, async (check) => {
    const record = await openRecorded(bench, 'kit-play');
    check(true, '`open` with a recording sink answered');
    // Two parts: a's 64 is replaced by 67 at 600 ms (room for a slow reply), b holds 48 across the stop.
    const messages = [
      { t: 0, d: [0xc0, 0], p: 'a' },
      { t: 0, d: [0xc1, 40], p: 'b' },
      ...note('a', 0, 60, 0, 400),
      ...note('a', 0, 62, 400, 800),
      ...note('a', 0, 64, 800, 1200),
      ...note('b', 1, 48, 0, 1800),
    ].sort(byTime);
    const placed = await ask(bench, { type: 'schedule', start: 0, messages });
    check(same(placed.firstDue, placed.shift) && same(placed.lastDue, 1800 + placed.shift), `\`schedule\` placed the batch at ${placed.firstDue.toFixed(1)}–${placed.lastDue.toFixed(1)} ms, shift ${placed.shift.toFixed(1)} (firstDue/lastDue = first/last t + shift)`);
    const replaced = await ask(bench, { type: 'replace', part: 'a', from: 600, messages: note('a', 0, 67, 600, 1000) });
    check(same(replaced.shift, placed.shift), `\`replace\` kept the shift (${replaced.shift.toFixed(1)})`);
    const deadline = performance.now() + 3000;
    for (;;) {
      const { position } = await ask(bench, { type: 'position' });
      if (position !== null && position >= 860 + placed.shift) break;
      if (performance.now() > deadline) throw new TierFailure(`\`position\` did not pass 860 ms within 3 s (it says ${position})`);
      await sleep(10);
    }
    const stopped = await ask(bench, { type: 'stop' });
    check(typeof stopped.position === 'number', `\`stop\` answered at ${stopped.position?.toFixed(1)} ms`);
    const after = await ask(bench, { type: 'position' });
    check(after.pending === 0 && after.sounding === 0, `after \`stop\`: ${after.pending} pending, ${after.sounding} sounding (both must be 0)`);
    const lines = await recorded(record);
    const find = (test: (data: readonly number[]) => boolean) => lines.find((line) => test(line.data));
    check(Boolean(find((d) => d.length === 2 && d[0] === 0xc0 && d[1] === 0) && find((d) => d.length === 2 && d[0] === 0xc1 && d[1] === 40)), 'program changes recorded as two bytes');
    check(Boolean(find((d) => isNoteOn(d) && d[1] === 60) && find((d) => isNoteOff(d) && d[1] === 60)), 'note 60 played and ended');
    const off62 = lines.find((line) => isNoteOff(line.data) && line.data[1] === 62);
    check(off62 !== undefined && off62.due <= 600 + placed.shift + 1, off62 ? `note 62, sounding at the replace's \`from\`, ended at ${off62.due.toFixed(1)} ms (due by ${(600 + placed.shift).toFixed(1)})` : 'note 62 was never ended');
    check(!find((d) => isNoteOn(d) && d[1] === 64), find((d) => isNoteOn(d) && d[1] === 64) ? 'note 64 played, though `replace` dropped it' : 'note 64, replaced, never played');
    check(Boolean(find((d) => isNoteOn(d) && d[1] === 67)), 'note 67, the replacement, played');
    const stuck = stuckNotes(lines);
    check(stuck.length === 0, stuck.length === 0 ? 'no stuck notes: every note-on has its note-off (or All Notes Off on its channel)' : `stuck notes after \`stop\`: ${stuck.join('; ')}`);
    const lateOn = stopped.position !== null && lines.some((line) => isNoteOn(line.data) && line.at > stopped.position! + 2);
    check(!lateOn, lateOn ? 'a note-on went out after `stop`' : 'nothing started after `stop`');
  });
}

async function timing(bench: Bench): Promise<TierResult> {
  return tier('timing, continues and idle', true, async (check) => {
    const record = await openRecorded(bench, 'kit-timing');
    const messages = Array.from({ length: 16 }, (_, i) => note('t', 2, 60 + i, 100 + i * 30, 120 + i * 30)).flat().sort(byTime);
    const idleBefore = bench.kit.from(bench.peer!).filter((m) => m.type === 'idle').length;
    // From score time 0: the first note is 100 ms in, clear of the second chunk's arrival.
    const first = await ask(bench, { type: 'schedule', start: 0, messages: messages.slice(0, 16) });
    const rest = await ask(bench, { type: 'schedule', start: 0, messages: messages.slice(16), continues: true });
    check(same(rest.shift, first.shift), `a chunk with \`continues: true\` kept the first chunk's shift (${first.shift.toFixed(1)} and ${rest.shift.toFixed(1)})`);
    const idle = await until('`idle` once the batch has played', () => bench.kit.from(bench.peer!).filter((m) => m.type === 'idle')[idleBefore], 5000, exited(bench));
    check(idle.session === 'kit-timing' && typeof idle.position === 'number', `\`idle\` came, for session ${String(idle.session)} at ${Number(idle.position).toFixed(1)} ms`);
    const lines = await recorded(record);
    check(lines.length === messages.length, `${lines.length} of ${messages.length} messages recorded`);
    const wrong = messages.findIndex((m, i) => !lines[i] || bytes(lines[i]!.data) !== bytes(m.d) || !same(lines[i]!.due, m.t + first.shift, 1));
    check(wrong < 0, wrong < 0 ? 'each recorded in order, `due` = t + shift' : `message ${wrong + 1} (${bytes(messages[wrong]!.d)} at t ${messages[wrong]!.t}) was recorded as ${lines[wrong] ? `${bytes(lines[wrong]!.data)} due ${lines[wrong]!.due.toFixed(1)}, expected due ${(messages[wrong]!.t + first.shift).toFixed(1)}` : 'nothing'}`);
    // Sent early is the performer's doing, whatever the load (which only makes it late).
    const { earliest } = lateness(lines);
    check(earliest >= -2, `none sent early by more than 2 ms (earliest ${earliest.toFixed(2)} ms)`);
    bench.timed = lines;
  });
}

/**
 * How late the timing tier's messages went out, as figures: the machine's load decides them as
 * much as the performer, so the tier is reported, not required. The bounds catch a performer
 * that plays at the wrong times.
 */
async function lateTier(bench: Bench): Promise<TierResult> {
  return tier('lateness', false, async (check) => {
    if (!bench.timed) throw new TierFailure('not run: the timing tier recorded nothing');
    const late = lateness(bench.timed);
    check(late.p95 <= 30 && late.max <= 150, `median ${late.median.toFixed(2)} ms, p95 ${late.p95.toFixed(2)} ms, max ${late.max.toFixed(2)} ms late (p95 ≤ 30, max ≤ 150)`);
  });
}

async function badMessages(bench: Bench): Promise<TierResult> {
  return tier('bad messages', true, async (check) => {
    const refusal = async (what: string, command: Record<string, unknown>, code: string) => {
      try {
        await bench.kit.server.pool.request(bench.worker!, command as unknown as PerformerRequest);
        check(false, `${what}: answered with a reply, not an \`error\` ${code}`);
      } catch (error) {
        const got = (error as { code?: string }).code;
        const timedOut = got === 'ALDA_PERFORMER_TIMEOUT';
        check(got === code, got === code ? `${what}: \`error\` ${code} with the message's id` : timedOut ? `${what}: no answer (expected \`error\` ${code} with the message's id)` : `${what}: answered ${got}, expected ${code}`);
      }
    };
    await refusal('a `schedule` whose start is a string', { type: 'schedule', start: 'soon', messages: [] }, 'ALDA_BAD_MESSAGE');
    await refusal('a note-on with a data byte of 200', { type: 'schedule', start: 0, messages: [{ t: 0, d: [0x90, 200, 100] }] }, 'ALDA_BAD_MESSAGE');
    await refusal('a command of unknown type', { type: 'dance' }, 'ALDA_BAD_MESSAGE');
    await refusal('a `position` of protocol version 99', { v: 99, type: 'position' }, 'ALDA_BAD_VERSION');
    await ask(bench, { type: 'position' });
    check(true, 'it still answers `position` afterwards');
  });
}

async function reconnection(bench: Bench): Promise<TierResult> {
  return tier('reconnection after a server restart', true, async (check) => {
    const id = bench.worker!.id;
    const restarted = performance.now();
    await bench.kit.restart();
    const ready = await until('`ready` again after the restart', () => bench.kit.inbound.find((i) => i.at >= restarted && i.message?.type === 'ready'), 20_000, exited(bench));
    check(ready.message?.worker === id, `it came back in ${((ready.at - restarted) / 1000).toFixed(1)} s as "${String(ready.message?.worker)}"${ready.message?.worker === id ? '' : ` (it was "${id}": the id is stable across reconnections)`}`);
    bench.peer = ready.peer;
    bench.worker = await until('acceptance of its `ready`', () => bench.kit.server.pool.workers.find((w) => w.socket && w.state === 'spare') ?? false, 5000);
    const record = await openRecorded(bench, 'kit-again');
    await ask(bench, { type: 'schedule', start: 0, messages: note('a', 0, 72, 0, 50) });
    const deadline = performance.now() + 3000;
    while ((await ask(bench, { type: 'position' })).pending > 0 && performance.now() < deadline) await sleep(20);
    const lines = await recorded(record);
    check(lines.some((line) => isNoteOn(line.data) && line.data[1] === 72), 'it plays for the new server');
  });
}
