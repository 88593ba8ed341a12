import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseAlda } from '../../src/engine/parser/parse.js';
import { Score } from '../../src/engine/score.js';
import { AldaError } from '../../src/lisp/errors.js';
import { SourceText } from '../../src/lisp/source.js';
import { readFixture } from '../support/conformance.js';

interface Step {
  line: string;
  newNoteCount?: number;
  syncOffset?: number;
  partOffsetsAfter?: Record<string, number>;
  error?: string;
}

const sessions = readFixture('conformance/vectors.jsonl')
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as { feature: string; lines?: string[]; oracle: { repl?: { steps: Step[] } } })
  .filter((vector) => vector.feature === 'repl/session' && vector.oracle.repl);

test('there are REPL sessions to check', () => {
  assert.ok(sessions.length > 0);
});

sessions.forEach((session, i) => {
  test(`REPL session #${i + 1}: line by line, the same new notes, part offsets and errors as Alda's REPL server`, () => {
    const score = new Score();
    for (const step of session.oracle.repl!.steps) {
      if (step.error !== undefined) {
        try {
          score.evaluate(parseAlda(step.line));
        } catch (error) {
          assert.instance(error, AldaError);
          assert.is((error as AldaError).describe(new SourceText(step.line)), step.error, step.line);
          continue;
        }
        assert.unreachable(`${step.line}: accepted, but Alda rejects it (${step.error})`);
      }
      const { events } = score.evaluate(parseAlda(step.line));
      assert.is(events.length, step.newNoteCount, `${step.line}: new notes`);
      if (events.length > 0) assert.is(Math.min(...events.map((e) => e.offset)), step.syncOffset, `${step.line}: first new note`);
      assert.equal(Object.fromEntries(score.partOffsets()), step.partOffsetsAfter, `${step.line}: part offsets`);
    }
  });
});

test.run();
