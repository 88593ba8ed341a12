import { spawn, type ChildProcess } from 'node:child_process';
import { commandLine } from '../protocol/component-manifest.js';

/** The component under test, as a process the kit started and watches. */
export class Candidate {
  readonly #child: ChildProcess;
  /** Its last lines of output (stdout and stderr), for the scorecard when something fails. */
  readonly #tail: string[] = [];
  readonly exited: Promise<number | null>;

  /**
   * Starts `command` (in `cwd`) with `{url}` and `{token_file}` in its arguments replaced, and the server's
   * address in its environment (ALDA_LIVE_URL, ALDA_LIVE_TOKEN, ALDA_LIVE_STATE_DIR), as every
   * component finds its server.
   */
  constructor(command: readonly string[], cwd: string | undefined, place: { url: string; token: string; tokenFile: string; stateDir: string }) {
    const [program, ...args] = commandLine({ command: [...command] }, place);
    const env = { ...process.env, ALDA_LIVE_URL: place.url, ALDA_LIVE_TOKEN: place.token, ALDA_LIVE_STATE_DIR: place.stateDir };
    this.#child = spawn(program!, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.#child.stdout!, this.#child.stderr!]) {
      stream.setEncoding('utf8');
      stream.on('data', (text: string) => {
        this.#tail.push(...text.split('\n').filter((line) => line.trim() !== ''));
        this.#tail.splice(0, Math.max(0, this.#tail.length - 20));
      });
    }
    this.exited = new Promise((resolve) => {
      this.#child.once('error', (error) => {
        this.#tail.push(`cannot start ${program}: ${error.message}`);
        resolve(null);
      });
      this.#child.once('exit', (code) => resolve(code));
    });
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  get output(): readonly string[] {
    return this.#tail;
  }

  /** Ends it: SIGTERM, then SIGKILL if it is still there after 2 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.#child.kill('SIGTERM');
    const kill = setTimeout(() => this.#child.kill('SIGKILL'), 2000);
    await this.exited;
    clearTimeout(kill);
  }
}
