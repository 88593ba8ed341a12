import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isErrorCode } from '../../src/protocol/error-codes.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** A code thrown somewhere but missing from ERROR_CODES reaches a client as ALDA_INTERNAL, "a bug". */
test('every error code written in src/ is one the protocol knows', () => {
  const unknown = new Set<string>();
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    // A quoted code; environment variables (ALDA_LIVE_*) are names, not codes.
    for (const [, code] of text.matchAll(/'((?:ALDA|BUDGET|LISP)_[A-Z_]+)'/g)) {
      if (!code!.startsWith('ALDA_LIVE_') && !isErrorCode(code)) unknown.add(`${code} (${file.slice(SRC.length)})`);
    }
  }
  assert.equal([...unknown], []);
});

test.run();
