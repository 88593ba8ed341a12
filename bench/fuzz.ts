/**
 * The long fuzz run: `npm run fuzz -- --runs 100000 [--seed N]`. The runs are shared evenly
 * among the targets (reader, parser, evaluator on text and on forms, client and performer
 * messages to the server); each
 * failure is a finding, printed with its counterexample, and the run goes on with a new seed
 * until that target's share is done. Prints cases, findings and speed per target.
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { evaluatorProperty, formsProperty, parserProperty, readerProperty } from '../test/fuzz/properties.js';
import { performerTarget } from '../test/fuzz/performer-target.js';
import { serverTarget } from '../test/fuzz/server-target.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10000' }, seed: { type: 'string' } } });
const runs = Number(values.runs);
if (!Number.isSafeInteger(runs) || runs < 1) throw new TypeError(`--runs must be a positive integer; got ${values.runs}`);
let seed = values.seed === undefined ? Date.now() | 0 : Number(values.seed);

const server = await serverTarget();
const performer = await performerTarget();
const targets: [string, () => fc.IRawProperty<[unknown]>][] = [
  ['reader', readerProperty as () => fc.IRawProperty<[unknown]>],
  ['parser', parserProperty as () => fc.IRawProperty<[unknown]>],
  ['evaluator (text)', evaluatorProperty as () => fc.IRawProperty<[unknown]>],
  ['evaluator (forms)', formsProperty as () => fc.IRawProperty<[unknown]>],
  ['server messages', () => server.property as fc.IRawProperty<[unknown]>],
  ['performer messages', () => performer.property as fc.IRawProperty<[unknown]>],
];
const share = Math.ceil(runs / targets.length);
const MAX_FINDINGS = 20;
let totalCases = 0;
let totalFindings = 0;
console.log(`fuzz: ${runs} cases (${share} a target), first seed ${seed}`);
for (const [name, property] of targets) {
  const started = performance.now();
  let done = 0;
  const findings: string[] = [];
  const slowest = { ms: 0, value: undefined as unknown };
  while (done < share && findings.length < MAX_FINDINGS) {
    const details = await fc.check(timed(property(), slowest), { numRuns: share - done, seed: seed++ });
    done += details.numRuns;
    if (details.failed) {
      findings.push(`${String(details.errorInstance).split('\n')[0]!.slice(0, 300)}\n      counterexample: ${JSON.stringify(details.counterexample).slice(0, 300)}`);
    }
  }
  const seconds = (performance.now() - started) / 1000;
  totalCases += done;
  totalFindings += findings.length;
  console.log(
    `${name.padEnd(19)} ${String(done).padStart(7)} cases  ${String(findings.length).padStart(2)} findings  ${seconds.toFixed(1).padStart(6)} s  ${(done / seconds).toFixed(0).padStart(5)} cases/s  slowest case ${slowest.ms.toFixed(0)} ms`,
  );
  console.log(`    slowest: ${JSON.stringify(slowest.value).slice(0, 160)}`);
  for (const finding of findings) console.log(`    - ${finding}`);
}
console.log(`total: ${totalCases} cases, ${totalFindings} findings`);
await server.close();
await performer.close();

/** The property, measuring each case (a hang the budgets missed would show here as a slow case). */
function timed<T>(property: fc.IRawProperty<T>, slowest: { ms: number; value: unknown }): fc.IRawProperty<T> {
  return new Proxy(property, {
    get(target, key, receiver) {
      if (key !== 'run') return Reflect.get(target, key, receiver) as unknown;
      return (value: T) => {
        const started = performance.now();
        const note = () => {
          const ms = performance.now() - started;
          if (ms > slowest.ms) Object.assign(slowest, { ms, value });
        };
        const outcome = target.run(value) as unknown;
        if (outcome instanceof Promise) return outcome.finally(note);
        note();
        return outcome;
      };
    },
  });
}
