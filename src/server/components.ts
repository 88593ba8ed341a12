import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Backoff } from '../protocol/backoff.js';
import type { Component } from '../protocol/component-manifest.js';
import { schemas } from '../protocol/schemas-on-demand.js';
import { filterStderr } from '../processes/stderr-filter.js';

/** The plugins that come with alda-live. */
const PLUGINS = fileURLToPath(new URL('../../plugins/', import.meta.url));

/** `--with NAME`: a folder holding a component.json, or the name of one of our plugins. */
export function findComponent(name: string): Component {
  const dir = existsSync(join(name, schemas().MANIFEST)) ? resolve(name) : join(PLUGINS, name);
  return schemas().readComponent(dir);
}

/** Where components connect: the server's address, its token, a file holding it, and its state dir. */
export interface ComponentPlace {
  readonly url: string;
  readonly token: string;
  readonly stateDir: string;
}

/**
 * The components `alda-live server --with` starts, as it starts its own performers: each runs
 * in its folder with the server's address in `{url}`, `{token_file}` and its environment
 * (ALDA_LIVE_URL, ALDA_LIVE_TOKEN, ALDA_LIVE_STATE_DIR), its output goes to the server's log
 * under its name, and it is started again (with backoff, 1 s to 32 s) when it exits.
 */
export class ComponentProcesses {
  readonly #running = new Map<string, ChildProcess>();
  readonly #log: (line: string) => void;
  #closing = false;

  constructor(components: readonly Component[], place: ComponentPlace, log: (line: string) => void) {
    this.#log = log;
    const tokenFile = join(place.stateDir, 'token');
    writeFileSync(tokenFile, place.token + '\n', { mode: 0o600 });
    const env = { ...process.env, ALDA_LIVE_URL: place.url, ALDA_LIVE_TOKEN: place.token, ALDA_LIVE_STATE_DIR: place.stateDir };
    for (const component of components) this.#start(component, schemas().commandLine(component.manifest, { url: place.url, tokenFile }), env, new Backoff());
  }

  #start(component: Component, command: string[], env: NodeJS.ProcessEnv, backoff: Backoff): void {
    if (this.#closing) return;
    const { name } = component.manifest;
    const child = spawn(command[0]!, command.slice(1), { cwd: component.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#running.set(name, child);
    const log = (line: string) => this.#log(`[${name}] ${line}`);
    filterStderr(child.stderr!, log);
    filterStderr(child.stdout!, log);
    const started = performance.now();
    child.once('error', (error) => log(`cannot start ${command[0]}: ${error.message}`));
    child.once('close', (code, signal) => {
      if (this.#closing) return;
      // One that ran a while was working: the next failure starts the backoff afresh.
      if (performance.now() - started > 60_000) backoff.reset();
      const delay = backoff.next();
      log(`exited (${signal ?? code}); starting it again in ${delay / 1000} s`);
      setTimeout(() => this.#start(component, command, env, backoff), delay).unref();
    });
  }

  /** Ends every component: SIGTERM, then SIGKILL after 2 s. */
  async close(): Promise<void> {
    this.#closing = true;
    await Promise.all(
      [...this.#running.values()].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((done) => child.once('close', done));
        child.kill('SIGTERM');
        const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
        await exited;
        clearTimeout(kill);
      }),
    );
  }
}
