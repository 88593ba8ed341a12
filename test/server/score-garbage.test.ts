import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const engineScore = fileURLToPath(new URL('../../src/server/session/engine-score.ts', import.meta.url));

/**
 * A session's evaluations, one short line at a time into each of eight scores (as a busy server
 * makes them), in a process of its own that V8 tells of each minor GC (--trace-gc-nvp): what
 * they leave behind is dead by the next line, so next to nothing may outlive two minor GCs and
 * go to the old generation. Each one promoted was kept for a full GC to free, and made every
 * minor GC copy it first: under bench:load that was 22% of all that was allocated, and minor GC
 * pauses of 5–15 ms in the server's answers.
 */
test('an evaluation leaves nothing that lives on into the old generation', () => {
  const script = `
    const { EngineScore } = await import(${JSON.stringify(engineScore)});
    const scores = Array.from({ length: 8 }, () => new EngineScore({ steps: 20000, events: 2000 }));
    for (let i = 0; i < 12000; i++) scores[i % 8].evaluate({ code: i < 8 ? 'piano: c64' : 'c64' });
  `;
  const run = spawnSync(process.execPath, ['--trace-gc-nvp', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
  assert.is(run.status, 0, run.stderr);
  const scavenges = run.stdout.split('\n').filter((line) => line.includes('gc=s '));
  const field = (line: string, name: string) => Number(new RegExp(`\\b${name}=(\\d+)`).exec(line)?.[1] ?? NaN);
  // The first few are the engine's own code and tables being made.
  const steady = scavenges.slice(3);
  assert.ok(steady.length >= 5, `${scavenges.length} minor GCs`);
  const allocated = steady.reduce((sum, line) => sum + field(line, 'allocated'), 0);
  const promoted = steady.reduce((sum, line) => sum + field(line, 'promoted'), 0);
  assert.ok(promoted / allocated < 0.05, `${((100 * promoted) / allocated).toFixed(1)}% of what the evaluations allocated was promoted`);
});

test.run();
