import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/engine/compile.js';
import { midiMessages } from '../../src/engine/midi-messages.js';
import { cutView, OffsetReferenceError } from '../../src/engine/play-range.js';

interface OscCase {
  readonly request: { input: string; from?: string; to?: string };
  readonly oracle: { osc: { bundle?: string[]; error?: string } };
}

const VECTORS = fileURLToPath(new URL('../fixtures/conformance/vectors.jsonl', import.meta.url));
const cases: OscCase[] = readFileSync(VECTORS, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as OscCase & { oracle: { osc?: unknown } })
  .filter((c) => c.oracle.osc !== undefined);

/** Alda's bundle as the MIDI messages its player makes of it: `ms status d1 d2`, note-on/off and controllers. */
function fromBundle(bundle: readonly string[]): string[] {
  const out: string[] = [];
  for (const line of bundle) {
    const [address, ...args] = line.split(' ');
    const n = args.map(Number);
    if (address!.endsWith('/midi/note')) {
      const [channel, offset, key, , audible, velocity] = n as [number, number, number, number, number, number];
      out.push(`${offset} ${0x90 | channel} ${key} ${velocity}`, `${offset + audible} ${0x80 | channel} ${key}`);
    } else if (address!.endsWith('/midi/volume')) out.push(`${n[1]} ${0xb0 | n[0]!} 11 ${n[2]}`);
    else if (address!.endsWith('/midi/panning')) out.push(`${n[1]} ${0xb0 | n[0]!} 10 ${n[2]}`);
  }
  return out.sort();
}

test('the transmitter cases of the conformance vectors are all here', () => {
  assert.ok(cases.length >= 9, `${cases.length} cases`);
});

for (const { request, oracle } of cases) {
  const label = `${JSON.stringify(request.input)} from ${request.from ?? '-'} to ${request.to ?? '-'}`;
  test(`as Alda's transmitter: ${label}`, () => {
    const { view } = compile(request.input);
    if (oracle.osc.error !== undefined) {
      assert.throws(() => cutView(view, request), (error: unknown) => error instanceof OffsetReferenceError && error.message === oracle.osc.error);
      return;
    }
    const cut = cutView(view, request);
    const ours = midiMessages(cut)
      .filter((m) => (m.data[0]! & 0xf0) !== 0xc0)
      .map((m) => `${Math.round(m.offset)} ${m.data[0]} ${m.data[1]}${(m.data[0]! & 0xf0) === 0x80 ? '' : ` ${m.data[2]}`}`)
      .sort();
    assert.equal(ours, fromBundle(oracle.osc.bundle!));
    const tempos = oracle.osc.bundle!.filter((line) => line.startsWith('/system/tempo ')).map((line) => line.split(' ').slice(1).map(Number));
    assert.equal(cut.tempoChanges.map((t) => [Math.round(t.offset), t.bpm]), tempos);
    const patches = oracle.osc.bundle!.filter((line) => line.includes('/midi/patch')).map((line) => Number(line.split(' ')[3]));
    const programs = midiMessages(cut).filter((m) => (m.data[0]! & 0xf0) === 0xc0).map((m) => m.data[1]);
    if (programs.length > 0) assert.equal(programs, patches);
  });
}

test.run();
