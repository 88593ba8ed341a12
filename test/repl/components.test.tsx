import { render } from 'ink-testing-library';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import ErrorView from '../../src/repl/app/ErrorView.js';
import Prompt from '../../src/repl/app/Prompt.js';
import StatusLine, { clock, fitParts } from '../../src/repl/app/StatusLine.js';
import { plain } from './session-harness.js';

test('Prompt: the prompt, the continuation prompt for later lines, and the candidates', () => {
  const { lastFrame, unmount } = render(<Prompt pending={['piano: [c d']} line={{ text: 'e f]', cursor: 4 }} candidates={['viola', 'violin']} />);
  assert.is(plain(lastFrame()), 'alda> piano: [c d\n....> e f]\nviola  violin');
  unmount();
});

test('ErrorView: the caret under the column of the line just echoed', () => {
  const error = { message: "Unexpected '%' in note/rest/name", at: { line: 1, column: 12, text: 'piano: c8 d% e', isLast: true } };
  const { lastFrame, unmount } = render(<ErrorView error={error} />);
  const [caret, message] = plain(lastFrame()).split('\n');
  assert.is(caret, ' '.repeat('alda> '.length + 11) + '^');
  assert.is(message, "line 1, column 12: Unexpected '%' in note/rest/name");
  unmount();
});

test('ErrorView: an earlier line of the input is shown again above its caret', () => {
  const error = { message: 'unrecognized instrument: foo', at: { line: 1, column: 1, text: 'foo: c', isLast: false } };
  const { lastFrame, unmount } = render(<ErrorView error={error} />);
  assert.is(plain(lastFrame()), '      foo: c\n      ^\nline 1, column 1: unrecognized instrument: foo');
  unmount();
});

test('ErrorView: an error without a place is just its message', () => {
  const { lastFrame, unmount } = render(<ErrorView error={{ message: 'Unknown command :x' }} />);
  assert.is(plain(lastFrame()), 'error: Unknown command :x');
  unmount();
});

test('StatusLine: connection, the position, session and parts', () => {
  const status = { connection: 'connected' as const, session: 'jam', parts: ['piano', 'violin'], playing: 63_456 };
  const { lastFrame, rerender, unmount } = render(<StatusLine status={status} busy={false} />);
  assert.is(plain(lastFrame()), '● connected · ▶ 1:03.4 · session jam · piano, violin');
  rerender(<StatusLine status={{ ...status, connection: 'reconnecting', parts: [], playing: undefined }} busy />);
  assert.is(plain(lastFrame()), '○ reconnecting · ■ idle · session jam · evaluating… · no parts');
  rerender(<StatusLine status={{ ...status, playing: 12_500, quant: 'bar' }} busy={false} />);
  assert.is(plain(lastFrame()), '● connected · ▶ 0:12.5 · live, quant bar · session jam · looping piano, violin');
  rerender(<StatusLine status={{ ...status, parts: ['piano'], link: { peers: 2, tempo: 120, beat: 9.04, phase: 1.04, quantum: 4 } }} busy={false} width={100} />);
  assert.is(plain(lastFrame()), '● connected · ▶ 1:03.4 · link 2 peers · 120.0 bpm · beat 9.0 · phase 1.0/4 · session jam · piano');
  unmount();
});

test('StatusLine: many parts keep it to one line, the first ones named and how many more', () => {
  const parts = ['piano', 'violin', 'viola', 'cello', 'contrabass', 'flute', 'oboe', 'clarinet', 'bassoon', 'trumpet'];
  const status = { connection: 'connected' as const, session: 'repl-0a1b2c3d', parts, playing: 1_000 };
  const { lastFrame, unmount } = render(<StatusLine status={status} busy width={80} />);
  assert.is(plain(lastFrame()), '● connected · ▶ 0:01.0 · session repl-0a1b2c3d · evaluating… · piano +9 more');
  unmount();
  assert.is(fitParts(parts, 30), 'piano, violin, viola +7 more');
  assert.is(fitParts(parts, 3), '10 parts');
  assert.is(fitParts([], 30), 'no parts');
});

test('clock: m:ss.d', () => {
  assert.equal([0, 999, 9_950, 600_000].map(clock), ['0:00.0', '0:00.9', '0:09.9', '10:00.0']);
});

test.run();
