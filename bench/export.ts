/**
 * Export figures: `alda-live export` of the 1 MB benchmark score to a MIDI file as a whole process
 * (CPU time of every thread, wall time, peak RSS, against the targets) beside `parse -o data` of
 * the same score (the front end both share, plus JSON output), the same in process with compile
 * and MIDI file timed apart, and the render speed of a corpus score as a multiple of real time.
 * Usage: npm run bench:export [-- SCORE.alda]   (the score to render; bach_cello_suite_no_1 unless told)
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../src/engine/compile.js';
import { midiFile } from '../src/engine/midi-file.js';
import { midiMessages } from '../src/engine/midi-messages.js';
import { renderWav } from '../src/sound/render-wav.js';
import { childUsage, leastOf, loadAverage, type Usage } from './child-usage.js';

const FIXTURES = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const BIG = join(FIXTURES, 'bench/perf-1m.alda');
const RENDERED = process.argv[2] ?? join(FIXTURES, 'corpus/alda-examples/bach_cello_suite_no_1.alda');
const dir = mkdtempSync(join(tmpdir(), 'alda-bench-export-'));
/** Issue 17: a MIDI export of the 1 MB score within 1 s of CPU and 150 MB of memory. */
const TARGET = { cpuMs: 1000, rssMb: 150 };

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
}

try {
  console.log(loadAverage());
  // Alternated, so that both see the same load.
  const exports: Usage[] = [];
  const parses: Usage[] = [];
  for (let run = 0; run < 3; run++) {
    exports.push(childUsage(['bin/alda-live.js', 'export', '-f', BIG, '-o', join(dir, 'whole.mid')]));
    parses.push(childUsage(['bin/alda-live.js', 'parse', '-f', BIG, '-o', 'data']));
  }
  const whole = leastOf(exports);
  const parse = leastOf(parses);
  const met = whole.cpuMs <= TARGET.cpuMs && whole.rssMb <= TARGET.rssMb;
  console.log(
    `alda-live export of perf-1m.alda to MIDI (process, best of 3): ${whole.cpuMs.toFixed(0)} ms CPU, ${whole.wallMs.toFixed(0)} ms wall, ` +
      `${whole.rssMb.toFixed(0)} MB peak RSS; target ≤${TARGET.cpuMs} ms CPU and ≤${TARGET.rssMb} MB: ${met ? 'met' : 'NOT MET'}`,
  );
  console.log(
    `  beside parse -o data of the same score (best of 3, alternated): ${parse.cpuMs.toFixed(0)} ms CPU, ${parse.rssMb.toFixed(0)} MB peak RSS; ` +
      `export minus parse: ${(whole.cpuMs - parse.cpuMs).toFixed(0)} ms CPU, ${(whole.rssMb - parse.rssMb).toFixed(0)} MB`,
  );
  const text = readFileSync(BIG, 'utf8');
  let started = performance.now();
  let cpu = process.cpuUsage();
  const { view } = compile(text, BIG);
  const compileMs = performance.now() - started;
  const compileCpu = cpuSeconds(cpu);
  started = performance.now();
  cpu = process.cpuUsage();
  const bytes = midiFile(view, { name: 'perf-1m' });
  writeFileSync(join(dir, 'perf-1m.mid'), bytes);
  const midiMs = performance.now() - started;
  const midiCpu = cpuSeconds(cpu);
  console.log(`MIDI export of perf-1m.alda in process (${(text.length / 1e6).toFixed(2)} MB, ${view.notes.length} notes), wall (CPU):`);
  console.log(
    `  compile ${compileMs.toFixed(0)} ms (${(compileCpu * 1000).toFixed(0)}) + MIDI file, its first run ${midiMs.toFixed(0)} ms (${(midiCpu * 1000).toFixed(0)}) = ` +
      `${(compileMs + midiMs).toFixed(0)} ms; ${(bytes.length / 1024).toFixed(0)} KiB written`,
  );

  const score = compile(readFileSync(RENDERED, 'utf8'), RENDERED).view;
  const messages = midiMessages(score).map((m) => ({ frame: Math.round(m.offset * 44.1), data: m.data }));
  for (const effects of [true, false]) {
    const path = join(dir, `render-${effects}.wav`);
    const wall = performance.now();
    const cpu = process.cpuUsage();
    const result = await renderWav(messages, path, { effects });
    const wallSeconds = (performance.now() - wall) / 1000;
    const audioSeconds = result.frames / result.sampleRate;
    console.log(
      `WAV render of ${RENDERED.split('/').pop()} ${effects ? 'with reverb and chorus' : 'dry (--no-effects)'}: ` +
        `${audioSeconds.toFixed(1)} s of audio in ${wallSeconds.toFixed(2)} s wall, ${cpuSeconds(cpu).toFixed(2)} s CPU = ` +
        `${(audioSeconds / wallSeconds).toFixed(1)}× real time (${(audioSeconds / cpuSeconds(cpu)).toFixed(1)}× per CPU second); ` +
        `${(statSync(path).size / 1e6).toFixed(1)} MB, peak ${result.peak.toFixed(3)}`,
    );
  }
  console.log(loadAverage());
} finally {
  rmSync(dir, { recursive: true, force: true });
}
