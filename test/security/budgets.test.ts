import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { compile } from '../../src/engine/compile.js';
import { parseAlda } from '../../src/engine/parser/parse.js';
import { Score } from '../../src/engine/score.js';
import { loopScore, LoopEvalError } from '../../src/live/loop-material.js';
import { AldaError } from '../../src/lisp/errors.js';
import { EngineScore } from '../../src/server/session/engine-score.js';
import { startServer, type AldaServer } from '../../src/server/server.js';
import { compiler } from '../../src/workers/compiler.js';
import { ServiceFailure } from '../../src/workers/service-handler.js';
import { freshDir, RawClient, stopServer } from '../pipeline/harness.js';
import { FORM_BOMBS, TEXT_BOMBS } from './bombs.js';
import { formsJson } from './forms-json.js';

const test = suite<{ server: AldaServer; dir: string; client: RawClient }>('budgets by every path');

test.before(async (context) => {
  context.dir = freshDir();
  context.server = await startServer({ port: 0, stateDir: context.dir, newScore: () => new EngineScore(), log: () => {}, spawnPerformers: false });
  context.client = await RawClient.open(context.server);
});

test.after(async ({ server, dir, client }) => {
  client?.close();
  if (server) await stopServer(server, dir);
});

/** `FILE:LINE:COL message`, as every user-facing error is shown. */
const POSITIONED = /^bomb\.alda:\d+:\d+ /;
let seq = 0;

for (const bomb of TEXT_BOMBS) {
  test(`file: ${bomb.label} is refused with a positioned error`, () => {
    try {
      compile(bomb.code, 'bomb.alda');
      assert.unreachable();
    } catch (error) {
      assert.instance(error, AldaError);
      assert.ok(bomb.refusedWith.includes((error as AldaError).code), (error as AldaError).code);
      assert.ok((error as AldaError).span, 'it has a position');
    }
  });

  test(`REPL line / eval code: ${bomb.label} is refused, and the session stays as it was and usable`, async ({ server, client }) => {
    const session = `bombs-${seq++}`;
    const evaluate = (code: string) => client.request({ v: 1, type: 'eval', id: `c:${seq++}`, session, code, name: 'bomb.alda', play: false });
    assert.is((await evaluate('piano: c d')).type, 'reply');
    const refused = await evaluate(bomb.code);
    assert.ok(bomb.refusedWith.includes(refused.code as string), JSON.stringify(refused).slice(0, 300));
    assert.match(refused.message as string, POSITIONED);
    assert.is(server.sessions.get(session)!.score.size, 2);
    const after = await evaluate('e f g');
    assert.is((after.result as { events: number }).events, 3);
  });

  test(`job (compiler service): ${bomb.label} is refused with a positioned error`, async () => {
    try {
      await compiler({ code: bomb.code, name: 'bomb.alda' }, () => {});
      assert.unreachable();
    } catch (error) {
      assert.instance(error, ServiceFailure);
      assert.ok(bomb.refusedWith.includes((error as ServiceFailure).code), (error as ServiceFailure).code);
      assert.match((error as Error).message, POSITIONED);
    }
  });

  test(`live mode: ${bomb.label} is refused with a positioned error`, () => {
    try {
      loopScore(bomb.code, 'bomb.alda');
      assert.unreachable();
    } catch (error) {
      assert.instance(error, LoopEvalError);
      assert.ok(bomb.refusedWith.includes((error as LoopEvalError).code), (error as LoopEvalError).code);
      assert.match((error as Error).message, POSITIONED);
    }
  });
}

/** Over the wire and in jobs, forms pass zod first: forms nested past what it can follow are refused there. */
const validated = (codes: readonly string[]) => [...codes, 'ALDA_BAD_MESSAGE'];

for (const bomb of FORM_BOMBS) {
  test(`forms: ${bomb.label} is refused, and the score is left as it was`, () => {
    const score = new Score();
    score.evaluate(parseAlda('piano: c d'));
    try {
      score.evaluate(bomb.forms);
      assert.unreachable();
    } catch (error) {
      assert.instance(error, AldaError);
      assert.ok(bomb.refusedWith.includes((error as AldaError).code), (error as AldaError).code);
    }
    assert.is(score.state.events.length, 2);
  });

  test(`wire forms: ${bomb.label} is refused; the session carries on`, async ({ server, client }) => {
    const session = `forms-${seq++}`;
    assert.is((await client.request({ v: 1, type: 'eval', id: `f:${seq++}`, session, code: 'piano: c', play: false })).type, 'reply');
    const refused = await client.sendRaw(`{"v":1,"type":"eval","id":"f:${seq++}","session":"${session}","play":false,"forms":${formsJson(bomb.forms)}}`);
    assert.ok(validated(bomb.refusedWith).includes(refused.code as string), JSON.stringify(refused).slice(0, 300));
    assert.is(server.sessions.get(session)!.score.size, 1);
    assert.is(server.sessions.get(session)!.text, 'piano: c\n');
  });

  test(`job forms (compiler service): ${bomb.label} is refused`, async () => {
    try {
      await compiler({ forms: bomb.forms as unknown as Record<string, unknown>[] }, () => {});
      assert.unreachable();
    } catch (error) {
      assert.instance(error, ServiceFailure);
      assert.ok(validated(bomb.refusedWith).includes((error as ServiceFailure).code), (error as ServiceFailure).code);
    }
  });
}

test('forms nested deeper than the validator can follow are a bad message, not a crash', async ({ client }) => {
  const deep = '{"kind":"list","items":['.repeat(100_000) + '{"kind":"number","value":1}' + ']}'.repeat(100_000);
  const refused = await client.sendRaw(`{"v":1,"type":"eval","id":"deep:1","session":"deep","play":false,"forms":[${deep}]}`);
  assert.is(refused.code, 'ALDA_BAD_MESSAGE');
  assert.is(refused.id, 'deep:1');
  assert.is((await client.request({ v: 1, type: 'ping', id: 'deep:2' })).type, 'reply');
});

test('the command line: a bomb in a file is a positioned error and exit status 1', () => {
  const dir = freshDir();
  const file = join(dir, 'bomb.alda');
  writeFileSync(file, TEXT_BOMBS[0]!.code);
  const run = spawnSync(process.execPath, ['bin/alda-live.js', 'parse', '-f', file], { encoding: 'utf8', timeout: 60_000 });
  assert.is(run.status, 1, run.stderr);
  assert.match(run.stderr, /bomb\.alda:1:8 /);
});

test.run();
