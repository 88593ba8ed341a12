import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { describeTransformChain, parseTransformChain } from '../../src/client/transform-chain.js';

test('a chain as typed: steps by |, arguments by spaces, commas or =, numbers as numbers', () => {
  assert.equal(parseTransformChain('swing 0.6'), [{ service: 'swing', args: [0.6] }]);
  assert.equal(parseTransformChain('swing=0.6,16 | humanize fast'), [{ service: 'swing', args: [0.6, 16] }, { service: 'humanize', args: ['fast'] }]);
  assert.equal(parseTransformChain(' swing '), [{ service: 'swing' }]);
  assert.is(describeTransformChain(parseTransformChain('swing=0.6,16 | humanize') as never), 'swing 0.6 16 | humanize');
});

test('a step that is not a service name is refused, saying which', () => {
  assert.match(parseTransformChain('Swing 0.6') as string, /^"Swing 0.6" is not a transform step: a service name is/);
  assert.match(parseTransformChain('swing 0.6 |') as string, /^"" is not a transform step/);
});

test.run();
