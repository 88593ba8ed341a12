import { existsSync, readFileSync } from 'node:fs';

/** A line of a performer's recording (`--record`): when a message went out, when it was due, what it was. */
export interface Line {
  at: number;
  due: number;
  data: number[];
  /** The host's monotonic clock when it was written, ms. */
  host: number;
}

/** The whole lines of a recording; none when the performer never wrote it. */
export function readLines(file: string): Line[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.endsWith('}'))
    .map((line) => JSON.parse(line) as Line);
}
