import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import App from '../../src/repl/app/App.js';
import { History } from '../../src/repl/history.js';
import type { LiveSession } from '../../src/repl/live-session.js';
import type { AldaServer } from '../../src/server/server.js';
import { stopServer, waitFor } from '../pipeline/harness.js';
import { engineServer, plain, replSession } from './session-harness.js';

type Context = { server: AldaServer; dir: string; session: LiveSession; app: ReturnType<typeof render> };
const test = suite<Context>('repl app');

test.before(async (context) => {
  Object.assign(context, await engineServer());
  context.session = replSession(context.dir, 'app');
  await context.session.open();
  const history = new History(join(context.dir, 'repl-history'));
  history.add('piano: o3 c');
  context.app = render(<App session={context.session} history={history} cwd={context.dir} greeting="hello" />);
});

test.after(async ({ server, dir, session, app }) => {
  app?.unmount();
  session?.close();
  if (server) await stopServer(server, dir);
});

/** Waits until the screen shows `text` (the whole frame, transcript included). */
const shows = (app: Context['app'], text: string | RegExp) =>
  waitFor(`the screen to show ${text}`, () => {
    const frame = plain(app.lastFrame());
    return (typeof text === 'string' ? frame.includes(text) : text.test(frame)) && frame;
  });

/** Keys arrive one write at a time, as from a person; Enter on its own. */
async function type(app: Context['app'], text: string): Promise<void> {
  app.stdin.write(text);
  await shows(app, text.split('\n').at(-1)!);
  app.stdin.write('\r');
}

test('greets, evaluates a line, and shows the status with its part', async ({ app }) => {
  await shows(app, 'hello');
  await shows(app, /^alda>$/m);
  await type(app, 'piano: (volume 70)');
  await shows(app, /● connected · ■ idle · session app · piano/);
});

test('a syntax error: the caret under its column, then the message', async ({ app }) => {
  await type(app, 'piano: c8 d% e');
  const frame = await shows(app, 'line 1, column 12');
  const lines = frame.split('\n');
  const echo = lines.findIndex((line) => line === 'alda> piano: c8 d% e');
  assert.ok(echo >= 0, frame);
  assert.is(lines[echo + 1], ' '.repeat(6 + 11) + '^');
  assert.match(lines[echo + 2]!, /^line 1, column 12: Unexpected '%'/);
});

test('a pasted block of lines is one input per whole input, with no stray CR', async ({ app, session }) => {
  app.stdin.write('violin: [(volume 60)\r(pan 40)]\rviola:\r');
  await waitFor('both inputs', () => session.text.endsWith('viola:\n'));
  assert.is(session.text, 'piano: (volume 70)\nviolin: [(volume 60)\n(pan 40)]\nviola:\n');
  await shows(app, '....> (pan 40)]');
});

test('Tab completes commands and their words; :score text shows the text', async ({ app }) => {
  app.stdin.write(':sc');
  await shows(app, 'alda> :sc');
  app.stdin.write('\t');
  await shows(app, 'alda> :score');
  app.stdin.write('te');
  app.stdin.write('\t');
  await shows(app, 'alda> :score text');
  app.stdin.write('\r');
  await shows(app, /alda> :score text\npiano: \(volume 70\)\nviolin: \[\(volume 60\)\n\(pan 40\)\]\nviola:\n/);
});

test('the up arrow brings back the last input, and history from before', async ({ app }) => {
  app.stdin.write('\u001b[A');
  await shows(app, /alda> :score text\s*\n[^\n]*connected/);
  for (let i = 0; i < 10; i++) app.stdin.write('\u001b[A');
  await shows(app, /alda> piano: o3 c\s*\n[^\n]*connected/);
  app.stdin.write('\u0003');
  await shows(app, /alda>\n[^\n]*connected/);
});

test('an open bracket continues the input on a ....> line', async ({ app, session }) => {
  await type(app, 'piano: [(volume 50)');
  await shows(app, /alda> piano: \[\(volume 50\)\n\.\.\.\.>\n/);
  await type(app, ']');
  await waitFor('the input', () => session.text.endsWith('piano: [(volume 50)\n]\n'));
});

test.run();
