/**
 * Compiler throughput: for each benchmark score, MB/s and peak RSS of reading it to forms,
 * of evaluating the forms, and of `alda-live parse -o data` end to end (a whole process,
 * output discarded). Each figure comes from its own child process, best of a few runs.
 *
 *   npm run bench:parse [-- --runs N]
 */
import { spawnSync } from 'node:child_process';
import { openSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAlda } from '../src/engine/parser/parse.js';
import { Score } from '../src/engine/score.js';
import { writeScoreData } from '../src/engine/score-data.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCORES = ['perf-100k.alda', 'perf-1m.alda'].map((name) => fileURLToPath(new URL(`../test/fixtures/bench/${name}`, import.meta.url)));
const RSS_HOOK = fileURLToPath(new URL('./report-rss.mjs', import.meta.url));

type Stage = 'forms' | 'evaluate';

/** In a child: run one stage on one file and print how long it took. */
function runStage(stage: Stage, file: string): void {
  const text = readFileSync(file, 'utf8');
  const started = performance.now();
  const forms = parseAlda(text);
  const parsed = performance.now();
  if (stage === 'forms') {
    process.stdout.write(JSON.stringify({ ms: parsed - started }));
    return;
  }
  const score = new Score();
  score.evaluate(forms);
  let bytes = 0;
  writeScoreData(score.state, (chunk) => (bytes += chunk.length));
  const done = performance.now();
  process.stdout.write(JSON.stringify({ ms: done - parsed, events: score.state.events.length, bytes }));
}

interface Measure {
  readonly ms: number;
  readonly rssMb: number;
}

function measure(args: readonly string[], timeFromStdout: boolean): Measure {
  // The whole command's output goes to /dev/null, as to a file: a slow reader on a pipe would be timed too.
  const out = timeFromStdout ? 'pipe' : openSync('/dev/null', 'w');
  const started = performance.now();
  const child = spawnSync(process.execPath, ['--import', RSS_HOOK, ...args], { cwd: ROOT, maxBuffer: 1 << 30, encoding: 'utf8', stdio: ['ignore', out, 'pipe'] });
  const wall = performance.now() - started;
  if (child.status !== 0) throw new Error(`child failed: ${child.stderr}`);
  const rss = /@@maxrss (\d+)/.exec(child.stderr);
  const ms = timeFromStdout ? (JSON.parse(child.stdout) as { ms: number }).ms : wall;
  return { ms, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

function best(runs: number, make: () => Measure): Measure {
  const all = Array.from({ length: runs }, make);
  return { ms: Math.min(...all.map((m) => m.ms)), rssMb: Math.min(...all.map((m) => m.rssMb)) };
}

function main(): void {
  const runsFlag = process.argv.indexOf('--runs');
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 3;
  const self = fileURLToPath(import.meta.url);
  console.log('score             stage                   ms      MB/s   peak RSS MB');
  for (const file of SCORES) {
    const mb = statSync(file).size / 1e6;
    const name = file.split('/').pop()!;
    const rows: Array<[string, Measure]> = [
      ['text → forms', best(runs, () => measure(['--import', 'tsx', self, '--stage', 'forms', file], true))],
      ['forms → score + JSON', best(runs, () => measure(['--import', 'tsx', self, '--stage', 'evaluate', file], true))],
      ['parse -o data (process)', best(runs, () => measure(['bin/alda-live.js', 'parse', '-f', file], false))],
    ];
    for (const [stage, m] of rows) {
      console.log(`${name.padEnd(17)} ${stage.padEnd(23)} ${m.ms.toFixed(0).padStart(6)} ${(mb / (m.ms / 1000)).toFixed(2).padStart(9)} ${m.rssMb.toFixed(0).padStart(12)}`);
    }
  }
  incremental();
  console.log('\nTarget (issue #2): perf-1m end to end ≤ 0.6 s and < 150 MB peak RSS; Alda 2.4.3 takes 5.6–6.4 s and 650–730 MB.');
}

/** A one-line edit against a 10,000-note score costs the line, not the score. */
function incremental(): void {
  const letters = 'cdefgab';
  const line = (n: number) => Array.from({ length: n }, (_, i) => letters[i % 7]).join(' ');
  const score = new Score();
  score.evaluate(parseAlda(`(tempo! 140) piano: o4 ${line(5000)} %verse\nviolin: o5 ${line(5000)}\nriff = c8 d e f`));
  const base = score.state.events.length;
  const lineForms = parseAlda('piano: c8 d e riff g4');
  for (let i = 0; i < 200; i++) score.evaluate(lineForms);
  const times: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const started = performance.now();
    score.evaluate(lineForms);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.floor(q * (times.length - 1))]!.toFixed(3);
  console.log(`\none line (8 notes) evaluated against a ${base}-note score (growing by 8 notes a line): p50 ${at(0.5)} ms, p99 ${at(0.99)} ms (target < 2 ms)`);
}

const stageFlag = process.argv.indexOf('--stage');
if (stageFlag > 0) runStage(process.argv[stageFlag + 1] as Stage, process.argv[stageFlag + 2]!);
else main();
