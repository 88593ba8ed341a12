import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { toParsedEvents } from '../../src/engine/parsed-events.js';
import { parseAlda } from '../../src/engine/parser/parse.js';

const events = (text: string): unknown[] => toParsedEvents(parseAlda(text));

test('o4 is an attribute update, an inline (octave 4) stays a list', () => {
  assert.equal(events('o4 (octave 4)'), [
    { attribute: 'octave', type: 'attribute-update', value: 4 },
    { type: 'list', value: [{ type: 'symbol', value: 'octave' }, { type: 'number', value: 4 }] },
  ]);
});

test('seconds keep their unit, as Alda 2.4.3 prints a part\'s duration ({"s": 1.5})', () => {
  assert.equal(events('c1.5s~20ms'), [
    { type: 'note', value: { duration: { components: [{ s: 1.5 }, { ms: 20 }] }, pitch: { accidentals: [], letter: 'C' } } },
  ]);
});

test('a cram length is its duration, an inline (duration …) inside it is an event', () => {
  const [cram] = events('{c (duration 2)}') as { value: { duration?: unknown; events: unknown[] } }[];
  assert.is(cram!.value.duration, undefined);
  assert.is(cram!.value.events.length, 2);
});

test('voices, markers and variables', () => {
  assert.equal(events('V1: c V0: %m @m xy = r\nxy'), [
    { type: 'voice-marker', value: { number: 1 } },
    { type: 'note', value: { pitch: { accidentals: [], letter: 'C' } } },
    { type: 'voice-group-end-marker' },
    { type: 'marker', value: { name: 'm' } },
    { type: 'at-marker', value: { name: 'm' } },
    { type: 'variable-definition', value: { events: [{ type: 'rest', value: {} }] } },
    { type: 'variable-reference', value: { name: 'xy' } },
  ]);
});

test('keywords of inline Lisp print as the symbols Alda reads', () => {
  assert.equal(events("(x :y '\"s\")"), [
    {
      type: 'list',
      value: [
        { type: 'symbol', value: 'x' },
        { type: 'symbol', value: ':y' },
        { type: 'quoted-form', value: { type: 'string', value: 's' } },
      ],
    },
  ]);
});

test.run();
