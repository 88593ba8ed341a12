/**
 * Quick figures for the notation parser alone: scanning, and scanning plus building the
 * forms, in MB/s (best of N, CPU time of this process, so a busy machine distorts less),
 * and the heap the forms of each score keep. The full pipeline is measured by parse.ts.
 *
 *   node --expose-gc --import tsx bench/parser-speed.ts [--runs N]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAlda } from '../src/engine/parser/parse.js';
import { scan } from '../src/engine/parser/scanner.js';

const SCORES = ['perf-100k.alda', 'perf-1m.alda'].map((name) => fileURLToPath(new URL(`../test/fixtures/bench/${name}`, import.meta.url)));
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;

function cpuMs(fn: () => unknown): number {
  const before = process.cpuUsage();
  fn();
  const after = process.cpuUsage(before);
  return (after.user + after.system) / 1000;
}

const gc = (globalThis as { gc?: () => void }).gc;

for (const file of SCORES) {
  const text = readFileSync(file, 'utf8');
  const mb = Buffer.byteLength(text) / 1e6;
  let scanMs = Infinity;
  let parseMs = Infinity;
  for (let i = 0; i < RUNS; i++) {
    scanMs = Math.min(scanMs, cpuMs(() => scan(text)));
    parseMs = Math.min(parseMs, cpuMs(() => parseAlda(text)));
  }
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const forms = parseAlda(text);
  gc?.();
  const kept = gc ? `${((process.memoryUsage().heapUsed - before) / 1e6).toFixed(1)} MB kept by ${forms.length} top-level forms` : '(run with --expose-gc for the heap figure)';
  console.log(
    `${file.split('/').pop()}: scan ${scanMs.toFixed(0)} ms (${(mb / (scanMs / 1000)).toFixed(1)} MB/s), ` +
      `to forms ${parseMs.toFixed(0)} ms (${(mb / (parseMs / 1000)).toFixed(1)} MB/s), ${kept}`,
  );
}
