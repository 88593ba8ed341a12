import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readServerState, STATE_FILE, writeServerState } from '../../src/protocol/state-file.js';

const state = { pid: 4242, url: 'ws://127.0.0.1:27713', host: '127.0.0.1', port: 27713, token: 'a'.repeat(32), startedAt: '2026-12-07T06:00:00.000Z' };

test('a state file reads back as written; one that is not a server state reads as none', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-state-'));
  try {
    writeServerState(dir, state);
    assert.equal(readServerState(dir), state);
    writeFileSync(join(dir, STATE_FILE), JSON.stringify({ ...state, extra: true }));
    assert.equal(readServerState(dir), state, 'keys it does not know are left out');
    const broken = [{ ...state, token: 'short' }, { ...state, pid: '4242' }, { ...state, pid: 0 }, { ...state, pid: -1 }, { ...state, port: 1.5 }, { ...state, url: undefined }, { ...state, startedAt: 0 }, [state], null, 'x'];
    for (const value of broken) {
      writeFileSync(join(dir, STATE_FILE), JSON.stringify(value));
      assert.is(readServerState(dir), undefined, JSON.stringify(value));
    }
    writeFileSync(join(dir, STATE_FILE), '{"pid":');
    assert.is(readServerState(dir), undefined, 'not JSON');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
