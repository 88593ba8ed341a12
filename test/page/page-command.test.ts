import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readServerState } from '../../src/protocol/state-file.js';
import { removeStateDir } from '../support/state-dir.js';

/** The real binary, as a user runs it: `npm test` builds dist/ (and the page) first. */
const bin = resolve(import.meta.dirname, '../../bin/alda-live.js');

function aldaLive(dir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = execFile(process.execPath, [bin, ...args], { cwd: dir, env: { ...process.env, ALDA_LIVE_STATE_DIR: dir }, timeout: 30_000 }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end();
  });
}

test('`alda-live page` starts a server, and prints a one-time link to the page it serves, built', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'alda-live-page-'));
  try {
    const { code, stdout, stderr } = await aldaLive(dir, 'page', '--session', 'jam');
    assert.is(code, 0, stderr);
    const state = readServerState(dir)!;
    const link = new URL(stdout.trim());
    assert.is(link.origin, `http://127.0.0.1:${state.port}`);
    assert.is(new URLSearchParams(link.hash.slice(1)).get('session'), 'jam');
    assert.match(stderr, /within 120 s; the link works once/);
    const page = await fetch(link.origin + '/');
    assert.is(page.status, 200);
    assert.match(await page.text(), /<script type="module" src="\/page.js">/);
    const script = await fetch(link.origin + '/page.js');
    assert.is(script.status, 200);
    assert.ok((await script.text()).length > 100_000, 'the bundle: CodeMirror and the protocol, nothing fetched from elsewhere');
    const exchange = await fetch(link.origin + '/credential', {
      method: 'POST',
      headers: { origin: link.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ code: new URLSearchParams(link.hash.slice(1)).get('code') }),
    });
    assert.is(exchange.status, 200);
    assert.is((await aldaLive(dir, 'shutdown')).code, 0);
  } finally {
    removeStateDir(dir);
  }
});

test.run();
