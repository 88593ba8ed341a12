import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { protocolJsonSchema } from '../../src/protocol/json-schema.js';

const PUBLISHED = new URL('../../docs/protocol.schema.json', import.meta.url);

test('docs/protocol.schema.json is the schema the code checks messages against (regenerate: alda-live protocol schema > docs/protocol.schema.json)', () => {
  assert.equal(JSON.parse(readFileSync(PUBLISHED, 'utf8')), protocolJsonSchema());
});

test('alda-live protocol schema prints it', () => {
  const run = spawnSync(process.execPath, ['bin/alda-live.js', 'protocol', 'schema'], { encoding: 'utf8', timeout: 30_000 });
  assert.is(run.status, 0, run.stderr);
  assert.is(run.stdout, readFileSync(PUBLISHED, 'utf8'));
});

test('the index names every message with its direction, and the types the issue asked about are settled in it', () => {
  const schema = protocolJsonSchema() as { index: { from: string; to: string; type: string }[]; $defs: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
  assert.ok(schema.index.some((m) => m.from === 'server' && m.to === 'performer' && m.type === 'schedule'));
  assert.ok(schema.index.some((m) => m.from === 'client' && m.to === 'server' && m.type === 'hello'));
  assert.equal(schema.$defs['result.open']!.required, ['session', 'sinks']);
  assert.equal(schema.$defs['result.schedule']!.required, ['firstDue', 'lastDue', 'shift', 'position']);
  assert.ok(schema.$defs['timedMessage']!.properties!.p, 'the part id');
});

test.run();
