import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toParsedEvents } from '../../src/engine/parsed-events.js';
import { parseAlda } from '../../src/engine/parser/parse.js';
import { AldaSyntaxError } from '../../src/lisp/errors.js';
import { SourceText } from '../../src/lisp/source.js';
import { goJson } from '../../src/engine/go-json.js';
import { syntaxError, vectors, VECTORS_PATH } from './conformance-vectors.js';
import { rawJsonAfter } from '../support/conformance.js';
import { CORPUS } from '../support/fixtures.js';

const lines = readFileSync(VECTORS_PATH, 'utf8').split('\n').filter((line) => line.trim() !== '');

for (const [n, vector] of vectors().entries()) {
  const input = vector.input;
  if (input === undefined) continue;
  const events = vector.oracle?.events;
  const expected = syntaxError(events?.stderr) ?? syntaxError(vector.oracle?.data?.stderr);
  const label = `vectors.jsonl #${n + 1} ${vector.feature} ${JSON.stringify(input).slice(0, 60)}`;

  if (expected) {
    test(`${label}: a syntax error at ${expected.where}`, () => {
      try {
        parseAlda(input);
      } catch (error) {
        assert.instance(error, AldaSyntaxError);
        const e = error as AldaSyntaxError;
        assert.is(new SourceText(input).where(e.span), `<no file>:${expected.where}`);
        assert.is(e.message, expected.message);
        return;
      }
      assert.unreachable('parsed without error');
    });
  } else if (events?.exit === 0) {
    test(`${label}: -o events as Alda prints them, byte for byte`, () => {
      assert.is(goJson(toParsedEvents(parseAlda(input))), rawJsonAfter(lines[n]!, '"events":{"exit":0,"output":'));
    });
  } else {
    // Accepted by Alda's parser; any failure comes later, in evaluation.
    test(`${label}: parses`, () => {
      parseAlda(input);
    });
  }
}

for (const file of readdirSync(CORPUS).filter((f) => f.endsWith('.alda'))) {
  test(`corpus ${file} parses`, () => {
    assert.ok(parseAlda(readFileSync(join(CORPUS, file), 'utf8')).length > 0);
  });
}

test.run();
