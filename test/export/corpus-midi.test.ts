import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import tonejs from '@tonejs/midi';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/engine/compile.js';
import { midiFile } from '../../src/engine/midi-file.js';
import type { NoteEvent } from '../../src/engine/note-event.js';
import { readWithJzz } from './jzz-smf.js';

const { Midi } = tonejs;
const CORPUS = fileURLToPath(new URL('../fixtures/corpus/alda-examples/', import.meta.url));
const scores = readdirSync(CORPUS).filter((name) => name.endsWith('.alda'));

/** Notes of one key that start together on one channel sound as one note (midi-messages.ts). */
function unisonsMerged(events: readonly NoteEvent[]): NoteEvent[] {
  const seen: NoteEvent[] = [];
  for (const e of events) {
    if (!seen.some((s) => s.midiChannel === e.midiChannel && s.midiNote === e.midiNote && Math.abs(s.offset - e.offset) < 1e-6)) seen.push(e);
  }
  return seen;
}

/** Notes of one key that overlap on one channel are shortened or merged in MIDI; their lengths are not compared. */
function overlapped(events: readonly NoteEvent[]): Set<NoteEvent> {
  const out = new Set<NoteEvent>();
  const byKey = new Map<string, NoteEvent[]>();
  for (const e of events) {
    const key = `${e.midiChannel}/${e.midiNote}`;
    byKey.set(key, [...(byKey.get(key) ?? []), e]);
  }
  for (const list of byKey.values()) {
    list.sort((a, b) => a.offset - b.offset);
    let latest: NoteEvent | undefined;
    for (const e of list) {
      if (latest && e.offset < latest.offset + latest.audibleDuration) out.add(e).add(latest);
      if (!latest || e.offset + e.audibleDuration > latest.offset + latest.audibleDuration) latest = e;
    }
  }
  return out;
}

interface RawTrack {
  readonly name: string | undefined;
  /** Channel messages: tick, then the bytes. */
  readonly messages: readonly (readonly number[])[];
}

/** The tracks as jzz-midi-smf reads them: names and channel messages with their ticks. */
function rawTracks(bytes: Uint8Array): RawTrack[] {
  const smf = readWithJzz(bytes);
  const out: RawTrack[] = [];
  for (let t = 0; t < smf.length; t++) {
    const track = smf[t]!;
    let name: string | undefined;
    const messages: number[][] = [];
    for (let i = 0; i < track.length; i++) {
      const event = track[i]!;
      if (event.ff === 3) name = event.dd;
      else if (event.ff === undefined) messages.push([event.tt, event[0]!, event[1]!, event[2] ?? 0]);
    }
    out.push({ name, messages });
  }
  return out;
}

for (const name of scores) {
  test(`${name}: the MIDI file holds every note with its key, channel, program, velocity and times`, () => {
    const { view } = compile(readFileSync(join(CORPUS, name), 'utf8'), name);
    const bytes = midiFile(view);
    assert.is(readWithJzz(bytes).validate(), undefined, 'jzz-midi-smf finds the file sound');
    const midi = new Midi(bytes);
    const ms = (ticks: number) => midi.header.ticksToSeconds(ticks) * 1000;
    // A tick at the slowest tempo of the score: the most a time may move in the file.
    const tick = 60_000 / (Math.min(...view.tempoChanges.map((t) => t.bpm)) * midi.header.ppq) + 1e-6;
    const sounding = view.events.filter((e) => Math.round(e.volume * 127) > 0);
    const playing = view.parts.filter((part) => sounding.some((e) => e.part === part.id));
    const tracks = rawTracks(bytes).slice(1);
    assert.equal(tracks.map((t) => t.name), playing.map((p) => p.alias ?? p.name), 'one track per part, named after its alias, or its instrument');

    playing.forEach((part, index) => {
      const track = tracks[index]!;
      const expected = unisonsMerged(sounding.filter((e) => e.part === part.id));
      // Note-ons by channel and key, matched to the score's notes by time.
      const open = new Map<string, number[][]>();
      for (const m of track.messages) {
        if ((m[1]! & 0xf0) !== 0x90) continue;
        const key = `${m[1]! & 15}/${m[2]}`;
        open.set(key, [...(open.get(key) ?? []), [...m]]);
      }
      assert.is([...open.values()].reduce((n, list) => n + list.length, 0), expected.length, `${part.name}: number of note-ons`);
      for (const event of expected) {
        const where = `${part.name}: note ${event.midiNote} on channel ${event.midiChannel} at ${event.offset} ms`;
        const candidates = open.get(`${event.midiChannel}/${event.midiNote}`) ?? [];
        const best = candidates.reduce<number[] | undefined>(
          (found, m) => (!found || Math.abs(ms(m[0]!) - event.offset) < Math.abs(ms(found[0]!) - event.offset) ? m : found),
          undefined,
        );
        assert.ok(best && Math.abs(ms(best[0]!) - event.offset) <= tick, `${where}: no note-on within a tick`);
        assert.is(best![3], Math.round(event.volume * 127), `${where}: velocity`);
        candidates.splice(candidates.indexOf(best!), 1);
      }
      for (const channel of new Set(expected.map((e) => e.midiChannel))) {
        const programs = track.messages.filter((m) => m[1] === (0xc0 | channel));
        if (part.program === null) assert.is(channel, 9, `${part.name}: percussion on channel 10`);
        else {
          assert.ok(programs.length > 0, `${part.name}: a program change on channel ${channel}`);
          assert.ok(programs.every((m) => m[2] === part.program), `${part.name}: program ${part.program}`);
        }
      }
    });

    // Note lengths, as a sequencer pairs note-ons and note-offs (Tone.js); notes of one key that
    // overlap on one channel sound as one, so theirs are not compared.
    const skip = overlapped(sounding);
    const ends = new Map<string, number>();
    for (const t of midi.tracks) for (const n of t.notes) ends.set(`${t.channel}/${n.midi}/${n.ticks}`, n.ticks + n.durationTicks);
    for (const event of sounding) {
      if (skip.has(event)) continue;
      const start = midi.header.secondsToTicks(event.offset / 1000);
      const key = [-1, 0, 1].map((d) => `${event.midiChannel}/${event.midiNote}/${Math.round(start) + d}`).find((k) => ends.has(k));
      assert.ok(key, `a note ${event.midiNote} on channel ${event.midiChannel} at ${event.offset} ms`);
      const end = ms(ends.get(key!)!);
      assert.ok(Math.abs(end - (event.offset + event.audibleDuration)) <= 2 * tick, `note at ${event.offset} ms ends at ${end}`);
    }
  });
}

test.run();
