import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** The rooms each room must not import (docs/architecture.md): none above it, none beside it. */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  protocol: ['server', 'performer', 'workers', 'client', 'repl', 'watch', 'cli', 'lsp', 'conformance'],
  performer: ['server', 'workers', 'client', 'repl', 'watch', 'cli', 'lsp', 'conformance'],
  workers: ['server', 'performer', 'client', 'repl', 'watch', 'cli', 'lsp', 'conformance'],
  client: ['server', 'performer', 'workers', 'repl', 'watch', 'cli', 'lsp', 'conformance'],
  server: ['performer', 'workers', 'client', 'repl', 'watch', 'cli', 'lsp', 'conformance'],
  watch: ['repl', 'cli', 'lsp', 'conformance'],
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

test('no room imports a room above it or beside it', () => {
  const breaches: string[] = [];
  for (const [room, forbidden] of Object.entries(FORBIDDEN)) {
    for (const file of sources(join(SRC, room))) {
      for (const [, target] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const into = relative(SRC, join(file, '..', target!)).split('/')[0]!;
        if (forbidden.includes(into)) breaches.push(`${relative(SRC, file)} imports ${target}`);
      }
    }
  }
  assert.equal(breaches, []);
});

/** The packages a module loads as it starts, through its static imports (not `import type`, not `await import`). */
function packagesLoaded(entry: string, seen = new Set<string>(), packages = new Set<string>()): Set<string> {
  if (seen.has(entry)) return packages;
  seen.add(entry);
  for (const [, kind, target] of readFileSync(entry, 'utf8').matchAll(/^(?:import|export)(\s+type)?[^;]*?\sfrom '([^']+)'/gms)) {
    if (kind !== undefined) continue;
    if (target!.startsWith('.')) packagesLoaded(join(entry, '..', target!.replace(/\.js$/, '.ts')), seen, packages);
    else if (!target!.startsWith('node:')) packages.add(target!);
  }
  return packages;
}

test('the performer process loads no schema library: zod is some 14 MB of every process that loads it', () => {
  const packages = packagesLoaded(join(SRC, 'performer', 'entry.ts'));
  assert.ok(packages.has('ws'), [...packages].join(', '));
  assert.not.ok(packages.has('zod'), [...packages].join(', '));
});

test.run();
