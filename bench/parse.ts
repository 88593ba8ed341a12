/**
 * Compiler and start-up figures, each from its own child process (the compiler's: best of a few
 * runs; start-up: medians of runs alternated with `node -e 0`): CPU time (user + system, every
 * thread), wall time and peak RSS, beside Alda 2.4.3's recorded figures
 * (test/fixtures/bench/README.md) and the load average (the machine is shared: CPU time is the
 * figure to trust, wall time is what a user waits).
 *
 *   npm run bench:parse [-- --runs N] [--start]   (--start: the start-up lines only)
 */
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { evaluateText } from '../src/engine/compile.js';
import { parseAlda } from '../src/engine/parser/parse.js';
import { Score } from '../src/engine/score.js';
import { writeScoreData } from '../src/engine/score-data.js';
import { bestOf, childUsage, loadAverage, type Usage } from './child-usage.js';
import { quantile } from './quantiles.js';

const score = (name: string) => fileURLToPath(new URL(`../test/fixtures/bench/${name}`, import.meta.url));

/** Alda 2.4.3's `alda parse -o data`, measured side by side on this kind of machine (CPU seconds, peak RSS MB). */
const ALDA = [
  { file: score('perf-100k.alda'), cpuMs: 410, rssMb: 80, targetCpuRatio: 2, targetRssMb: Infinity },
  { file: score('perf-1m.alda'), cpuMs: 6000, rssMb: 690, targetCpuRatio: 10, targetRssMb: 120 },
];
/** Alda's Go binary starts in about 20 ms; ours is held to `node -e 0` + 40 ms. */
const START_MARGIN_MS = 40;
/** Runs of each start-up measured (at least): a start is short, and a median of a few is moved by one burst of load. */
const START_RUNS = 21;

type Stage = 'forms' | 'evaluate';

/**
 * In a child: run one stage on one file and print how long it took. `forms` is what `parse -o
 * forms` does first; `evaluate` is what `parse -o data` does, from the text (whose plain
 * notation never becomes forms) to the JSON.
 */
function runStage(stage: Stage, file: string): void {
  const text = readFileSync(file, 'utf8');
  const started = performance.now();
  if (stage === 'forms') {
    parseAlda(text);
    process.stdout.write(JSON.stringify({ ms: performance.now() - started }));
    return;
  }
  const score = new Score();
  evaluateText(score, text);
  let bytes = 0;
  writeScoreData(score.state, (chunk) => (bytes += chunk.length));
  process.stdout.write(JSON.stringify({ ms: performance.now() - started }));
}

const stageMs = (usage: Usage) => (JSON.parse(usage.stdout) as { ms: number }).ms;
const fixed = (value: number, digits = 0) => value.toFixed(digits);
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');
const signed = (ms: number) => `${ms < 0 ? "-" : "+"}${fixed(Math.abs(ms))}`;

function compiler(runs: number, self: string): void {
  console.log('score             stage                    CPU ms  wall ms      MB/s  peak RSS MB');
  for (const alda of ALDA) {
    const mb = statSync(alda.file).size / 1e6;
    const name = alda.file.split('/').pop()!;
    const stage = (which: Stage) => stageMs(bestOf(runs, () => childUsage(['--import', 'tsx', self, '--stage', which, alda.file], true)));
    const inProcess = (label: string, ms: number) =>
      console.log(`${name.padEnd(17)} ${label.padEnd(23)} ${'(in process)'.padStart(8)} ${fixed(ms).padStart(8)} ${fixed(mb / (ms / 1000), 2).padStart(9)}`);
    inProcess('text → forms', stage('forms'));
    inProcess('text → score + JSON', stage('evaluate'));
    const whole = bestOf(runs, () => childUsage(['bin/alda-live.js', 'parse', '-f', alda.file]));
    console.log(
      `${name.padEnd(17)} ${'parse -o data (process)'.padEnd(23)} ${fixed(whole.cpuMs).padStart(8)} ${fixed(whole.wallMs).padStart(8)} ` +
        `${fixed(mb / (whole.cpuMs / 1000), 2).padStart(9)} ${fixed(whole.rssMb).padStart(12)}`,
    );
    const cpuRatio = alda.cpuMs / whole.cpuMs;
    const rssOk = whole.rssMb <= alda.targetRssMb;
    console.log(
      `  vs Alda 2.4.3 (${alda.cpuMs} ms CPU, ${alda.rssMb} MB): Alda's CPU ÷ ours ${fixed(cpuRatio, 1)}×, Alda's RSS ÷ ours ${fixed(alda.rssMb / whole.rssMb, 1)}×; ` +
        `target ≥${alda.targetCpuRatio}× less CPU${alda.targetRssMb < Infinity ? ` and ≤${alda.targetRssMb} MB` : ''}: ` +
        verdict(cpuRatio >= alda.targetCpuRatio && rssOk),
    );
  }
}

/**
 * Start-up of `parse -c` and `--help` against `node -e 0`, fairly: each is run as often, in rounds
 * that run each once, in an order that turns from round to round (a burst of load falls on all
 * three alike), and compared by medians, of CPU time and of wall time, with the load printed.
 */
function startUp(runs: number): void {
  const commands = [['-e', '0'], ['bin/alda-live.js', 'parse', '-c', 'piano: c'], ['bin/alda-live.js', '--help']];
  const usages = commands.map((): Usage[] => []);
  for (let round = 0; round < runs; round++) {
    for (let step = 0; step < commands.length; step++) {
      const which = (round + step) % commands.length;
      usages[which]!.push(childUsage(commands[which]!));
    }
  }
  const median = (all: readonly Usage[], key: 'cpuMs' | 'wallMs' | 'rssMb' | 'minorFaults') => quantile(all.map((usage) => usage[key]), 0.5);
  const [node, ...ours] = usages;
  console.log(`\nstart-up (median of ${runs}, alternated)   CPU ms  wall ms  peak RSS MB  fresh pages`);
  const figures = (runs: readonly Usage[]) =>
    `${fixed(median(runs, 'cpuMs')).padStart(8)} ${fixed(median(runs, 'wallMs')).padStart(8)} ${fixed(median(runs, 'rssMb')).padStart(12)} ${fixed(median(runs, 'minorFaults')).padStart(12)}`;
  console.log(`node -e 0                         ${figures(node!)}`);
  ours.forEach((runs, i) => {
    const cpuOver = median(runs, 'cpuMs') - median(node!, 'cpuMs');
    const wallOver = median(runs, 'wallMs') - median(node!, 'wallMs');
    console.log(
      `${`alda-live ${commands[i + 1]!.slice(1).join(' ')}`.padEnd(33)} ${figures(runs)}` +
        `   over node: ${signed(cpuOver)} ms CPU, ${signed(wallOver)} ms wall, ${signed(median(runs, 'minorFaults') - median(node!, 'minorFaults'))} pages (target ≤${START_MARGIN_MS} ms): ` +
        verdict(cpuOver <= START_MARGIN_MS && wallOver <= START_MARGIN_MS),
    );
  });
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
  const at = (p: number) => quantile(times, p).toFixed(3);
  console.log(`\none line (8 notes) evaluated against a ${base}-note score (growing by 8 notes a line): p50 ${at(0.5)} ms, p99 ${at(0.99)} ms (target < 2 ms)`);
}

function main(): void {
  const runsFlag = process.argv.indexOf('--runs');
  const runs = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 3;
  const startOnly = process.argv.includes('--start');
  console.log(`${loadAverage()}; best of ${runs} runs\n`);
  if (!startOnly) compiler(runs, fileURLToPath(import.meta.url));
  startUp(Math.max(runs, START_RUNS));
  if (!startOnly) incremental();
  console.log(`\n${loadAverage()}`);
}

const stageFlag = process.argv.indexOf('--stage');
if (stageFlag > 0) runStage(process.argv[stageFlag + 1] as Stage, process.argv[stageFlag + 2]!);
else main();
