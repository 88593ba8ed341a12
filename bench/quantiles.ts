/** The `p` quantile (0–1) of `values`: the nearest rank at or below; NaN when there are none. */
export function quantile(values: readonly number[], p: number): number {
  return rank([...values].sort((a, b) => a - b), p);
}

/** Figures of a set of ms, as the benchmarks print them: how many, p50, p90, p99 and the worst, to `digits` places. */
export function quantiles(values: readonly number[], digits = 2): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => rank(sorted, p).toFixed(digits);
  return `n=${sorted.length}  p50 ${at(0.5)}  p90 ${at(0.9)}  p99 ${at(0.99)}  max ${(sorted.at(-1) ?? NaN).toFixed(digits)} ms`;
}

const rank = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
