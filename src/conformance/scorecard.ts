/** One check of a tier: what was looked at, and whether it held. */
export interface Check {
  readonly ok: boolean;
  readonly text: string;
}

/** A tier of the kit: a group of checks that stand or fall together. */
export interface TierResult {
  readonly name: string;
  /** A required tier must pass for the candidate to pass; the others are reported. */
  readonly required: boolean;
  readonly checks: readonly Check[];
}

export const passed = (tier: TierResult) => tier.checks.length > 0 && tier.checks.every((check) => check.ok);

/** Thrown inside a tier to end it at its first failure that makes the rest meaningless. */
export class TierFailure extends Error {}

/**
 * Runs a tier's checks: each `check` call records one; a TierFailure (or any error) ends the
 * tier as a failed check that says why, so a tier never throws past the kit.
 */
export async function tier(name: string, required: boolean, run: (check: (ok: boolean, text: string) => boolean) => Promise<void>): Promise<TierResult> {
  const checks: Check[] = [];
  const check = (ok: boolean, text: string) => {
    checks.push({ ok, text });
    return ok;
  };
  try {
    await run(check);
  } catch (error) {
    checks.push({ ok: false, text: (error as Error).message });
  }
  return { name, required, checks };
}

/** The scorecard as text: a line per check under its tier, then the verdict. */
export function scorecard(title: string, tiers: readonly TierResult[]): { text: string; pass: boolean } {
  const lines = [title];
  for (const result of tiers) {
    lines.push(`${passed(result) ? 'PASS' : 'FAIL'}  ${result.name}${result.required ? '' : ' (optional)'}`);
    for (const check of result.checks) lines.push(`      ${check.ok ? '✓' : '✗'} ${check.text}`);
  }
  const required = tiers.filter((t) => t.required);
  const pass = required.every(passed);
  lines.push(`${pass ? 'PASS' : 'FAIL'}: ${required.filter(passed).length} of ${required.length} required tiers passed`);
  return { text: lines.join('\n') + '\n', pass };
}
