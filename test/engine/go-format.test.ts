import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { goFixed, goNumber, goQuote } from '../../src/lisp/go-fmt.js';
import { goJson } from '../../src/engine/go-json.js';

// Expected texts are what Go 1.x prints for the same values (fmt and encoding/json).

test("goJson sorts every object's keys bytewise and prints numbers as Go's encoder does", () => {
  assert.is(goJson({ b: 1, a: [{ z: 1e21, y: 1e-7 }], é: 0.1 + 0.2, '😀': 250, '\uffff': -1 }), '{"a":[{"y":1e-7,"z":1e+21}],"b":1,"é":0.30000000000000004,"\uffff":-1,"😀":250}');
});

test('goJson escapes strings as Go does: <, >, &, U+2028, \\b, \\f, and a lone surrogate as U+FFFD', () => {
  assert.is(goJson('<a&b>\u2028\b\f\\ud800\ud800'), '"\\u003ca\\u0026b\\u003e\\u2028\\u0008\\u000c\\\\ud800\\ufffd"');
});

test('goJson leaves out undefined values, an object left empty included, and quotes plain strings as JSON does', () => {
  assert.is(goJson({ c: { x: undefined }, b: undefined, a: {} }), '{"a":{},"c":{}}');
  assert.is(goJson(new Map([['é', 'plain text'], ['e', 'say "hi"\\\n\t\u007f']])), '{"e":"say \\"hi\\"\\\\\\n\\t\u007f","é":"plain text"}');
});

test("goFixed is Go's %f, ties to even", () => {
  assert.equal([0.0078125, -0.0078125, 0.0234375, 1.5, 2000].map(goFixed), ['0.007812', '-0.007812', '0.023438', '1.500000', '2000.000000']);
});

test("goNumber is Go's %v of a float64", () => {
  assert.equal([1e6, 123456, 1234567, 0.0001, 0.00001, 4.5].map(goNumber), ['1e+06', '123456', '1.234567e+06', '0.0001', '1e-05', '4.5']);
});

test("goQuote is Go's %q", () => {
  assert.is(goQuote('a\tb"\x01é\u00a0'), '"a\\tb\\"\\x01é\\u00a0"');
});

test.run();
