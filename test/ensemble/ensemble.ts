import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Namespaces } from '../support/netns.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** One machine of an ensemble (peer.ts) in namespace `index`, driven over its standard input. */
export class Peer {
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, { resolve: (result: Record<string, unknown>) => void; reject: (error: Error) => void }>();
  /** The server's address and token, once it is up. */
  readonly ready: Promise<{ url: string; token: string }>;
  #next = 1;

  constructor(namespaces: Namespaces, index: number, args: readonly string[] = []) {
    this.#child = namespaces.spawn(index, process.execPath, ['--import', 'tsx', 'test/ensemble/peer.ts', ...args], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    this.ready = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`peer ${index} did not start within 60 s`)), 60_000);
      this.#child.once('exit', (code) => reject(new Error(`peer ${index} exited (${code})`)));
      createInterface({ input: this.#child.stdout! }).on('line', (line) => {
        const message = JSON.parse(line) as { ready?: boolean; url?: string; token?: string; id?: number; result?: Record<string, unknown>; error?: string };
        if (message.ready) {
          clearTimeout(timer);
          resolve({ url: message.url!, token: message.token! });
        }
        const waiter = this.#waiting.get(message.id ?? 0);
        if (!waiter) return;
        this.#waiting.delete(message.id!);
        if (message.error !== undefined) waiter.reject(new Error(message.error));
        else waiter.resolve(message.result!);
      });
    });
  }

  request(type: string, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#child.stdin!.write(JSON.stringify({ id, type, ...payload }) + '\n');
    });
  }

  /** Ends the peer (its server, performers and Link clock), waiting at most 10 s before killing it. */
  async close(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.stdin!.end();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Each onset's distance to the nearest onset of `reference`, in ms. */
export function skews(onsets: readonly number[], reference: readonly number[]): number[] {
  return onsets.map((onset) => Math.min(...reference.map((r) => Math.abs(r - onset))));
}

/** The q-quantile (0–1) of `values`. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
