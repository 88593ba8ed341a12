import fc from 'fast-check';
import { suite } from 'uvu';
import { evaluatorProperty, formsProperty, parserProperty, readerProperty } from './properties.js';
import { performerTarget } from './performer-target.js';
import { serverTarget, type ServerTarget } from './server-target.js';

/** The short run; `npm run fuzz -- --runs 100000` is the long one (bench/fuzz.ts). */
const RUNS = 300;

const test = suite<{ target: ServerTarget; performer: ServerTarget }>('fuzz');

test.before(async (context) => {
  context.target = await serverTarget();
  context.performer = await performerTarget();
});

test.after(async ({ target, performer }) => {
  await target?.close();
  await performer?.close();
});

test('the reader: mutated alda.lisp and arbitrary text read to forms or a positioned error', () => {
  fc.assert(readerProperty(), { numRuns: RUNS });
});

test('the parser: mutated corpus scores parse to forms or a positioned error', () => {
  fc.assert(parserProperty(), { numRuns: RUNS });
});

test('the evaluator: mutated corpus scores evaluate, or fail positioned and change nothing', () => {
  fc.assert(evaluatorProperty(), { numRuns: RUNS });
});

test('the evaluator: random forms of the vocabulary evaluate or fail as AldaErrors, changing nothing', () => {
  fc.assert(formsProperty(), { numRuns: RUNS });
});

test('the server: mutated protocol messages get one answer each, refusals change nothing, the server lives on', async ({ target }) => {
  await fc.assert(target.property, { numRuns: RUNS });
});

test('the server: a hostile performer sending mutated messages causes no internal error, and clients are still answered', async ({ performer }) => {
  await fc.assert(performer.property, { numRuns: RUNS });
});

test.run();
