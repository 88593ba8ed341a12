import { readFileSync } from 'node:fs';

/** A line of a performer's recording (`--record`): when a message went out, when it was due, what it was. */
export interface Line {
  at: number;
  due: number;
  data: number[];
}

/** The whole lines of a recording. */
export function readLines(file: string): Line[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.endsWith('}'))
    .map((line) => JSON.parse(line) as Line);
}

/** Figures of a set of ms: how many, p50, p90, p99 and the worst. */
export function quantiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return `n=${sorted.length}  p50 ${q(0.5).toFixed(2)}  p90 ${q(0.9).toFixed(2)}  p99 ${q(0.99).toFixed(2)}  max ${sorted.at(-1)!.toFixed(2)} ms`;
}
