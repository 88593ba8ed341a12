import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { ourScript } from '../../processes/our-script.js';
import type { Sink } from './sink.js';
import type { SynthWorkerData, SynthWorkerMessage } from './synth-worker.js';

export interface SynthSinkOptions {
  /** @default 44100 */
  readonly sampleRate?: number;
  /** Ms of audio per device buffer: 20–50 ms kept the live output clean here. @default 30 */
  readonly bufferDuration?: number;
  /** Ms between a message being sent and being heard, room for one buffer and delivery. @default 40 */
  readonly latency?: number;
  /** @default 'device' */
  readonly output?: 'device' | 'null';
}

/**
 * The built-in General MIDI synth (src/sound), playing on the audio device from a worker thread,
 * so that someone with no MIDI synth hears the score out of the box.
 */
export class SynthSink implements Sink {
  readonly name = 'synth';
  readonly #worker: Worker;
  #peak = 0;
  /** The burst being sent, posted to the audio thread in one message when it has all gone. */
  #burst: { data: readonly number[]; due: number }[] = [];
  #closed: Promise<void> | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: { type: string; peak?: number }) => {
      if (message.type === 'level') this.#peak = message.peak!;
    });
  }

  /** Starts the audio thread and resolves once it plays (rejects if the device cannot be opened). */
  static async open(options: SynthSinkOptions = {}): Promise<SynthSink> {
    // The performer's bundle holds this module: worker_threads is loaded once a synth starts, not with the bundle.
    const { Worker } = await import('node:worker_threads');
    const { args } = ourScript('./synth-worker', import.meta.url);
    const path = args.at(-1)!;
    const data: SynthWorkerData = {
      sampleRate: options.sampleRate ?? 44_100,
      bufferDuration: options.bufferDuration ?? 30,
      latency: options.latency ?? 40,
      output: options.output ?? 'device',
    };
    // Under tsx (tests, running from sources) the thread needs tsx's loader registered in it first.
    const worker = path.endsWith('.ts')
      ? new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(pathToFileURL(path).href)}); })`, {
          eval: true,
          workerData: data,
        })
      : new Worker(path, { workerData: data });
    const ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (message: { type: string }) => message.type === 'ready' && resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The synth thread exited (${code}) before it was ready`)));
    });
    try {
      await ready;
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return new SynthSink(worker);
  }

  /** The loudest sample rendered so far (0–1), reported by a `null` output. */
  get peak(): number {
    return this.#peak;
  }

  /** Decodes the samples these messages will play before they are due (SF3 decodes lazily, and slowly). */
  prepare(messages: readonly (readonly number[])[]): void {
    this.#post({ type: 'preload', messages });
  }

  /** Stamped with the moment it is sent, which the scheduler made its due time. */
  send(data: readonly number[]): void {
    this.#burst.push({ data, due: performance.timeOrigin + performance.now() });
  }

  sent(): void {
    if (this.#burst.length === 0) return;
    this.#post({ type: 'midi', messages: this.#burst });
    this.#burst = [];
  }

  /** Cuts every voice at once, release tails included. */
  silence(): void {
    this.#post({ type: 'silence' });
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.sent();
      this.#post({ type: 'close' });
      await once(this.#worker, 'exit');
    })();
    return this.#closed;
  }

  #post(message: SynthWorkerMessage): void {
    if (!this.#closed) this.#worker.postMessage(message);
  }
}
