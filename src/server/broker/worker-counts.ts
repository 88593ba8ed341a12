/**
 * How many compiler and exporter processes a server keeps: `ALDA_LIVE_COMPILERS` and
 * `ALDA_LIVE_EXPORTERS` (whole numbers, 0 to 16), else 2 and 1. They start on first use.
 */
export function workerCounts(env: NodeJS.ProcessEnv = process.env): { compiler: number; exporter: number } {
  return { compiler: count(env.ALDA_LIVE_COMPILERS, 2, 'ALDA_LIVE_COMPILERS'), exporter: count(env.ALDA_LIVE_EXPORTERS, 1, 'ALDA_LIVE_EXPORTERS') };
}

function count(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 16) throw new TypeError(`Expected ${name} to be a whole number from 0 to 16, got ${JSON.stringify(value)}`);
  return parsed;
}
