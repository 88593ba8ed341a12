import { createWriteStream, fstatSync, mkdirSync, writeSync, type WriteStream } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CodedError } from '../../protocol/coded-error.js';
import { hostMs } from '../clock.js';
import type { Sink } from './sink.js';

/**
 * Appends every message sent to a file, one JSON line each: `{"at": ms, "due": ms, "data": [...],
 * "host": ms}`, `host` being the host's monotonic clock (the same in every process on the machine,
 * so two performers' recordings compare). Tests and benchmarks observe the performer through it.
 * A burst's lines are written as one, after it has gone: straight into a regular file (a write
 * into the page cache, some microseconds), through a write stream into anything else (a pipe
 * may be full, and the scheduler must not wait on its reader). The stream's writes are done on
 * libuv's thread pool, whose thread and the completion it reports cost two more wake-ups a burst:
 * as much CPU as the performer's own work.
 */
export class RecorderSink implements Sink {
  readonly name: string;
  readonly #stream: WriteStream;
  /** The lines of the burst being sent, written as one when it has all gone (`sent`). */
  #burst = '';
  /** The file's descriptor once it is open, when it is a regular file: written to directly. */
  #file: number | undefined;
  #closed: Promise<void> | undefined;

  constructor(file: string) {
    const path = resolve(file);
    mkdirSync(dirname(path), { recursive: true });
    this.name = `record:${path}`;
    this.#stream = createWriteStream(path, { flags: 'a' });
    this.#stream.on('error', (error) => process.emitWarning(`The recording ${path} failed: ${error.message}`));
    // Lines the stream already holds go first: then only when it holds none.
    this.#stream.once('open', (fd: number) => {
      if (this.#stream.writableLength === 0 && fstatSync(fd).isFile()) this.#file = fd;
    });
  }

  /**
   * A recorder whose file is open: one that cannot be opened is refused here, with its reason,
   * rather than warned of once notes are lost. The file may take its time (a pipe opens once
   * something reads it).
   */
  static async open(file: string): Promise<RecorderSink> {
    const refused = (error: unknown) => new CodedError('ALDA_CANNOT_WRITE', `Cannot record to ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    let sink: RecorderSink;
    try {
      sink = new RecorderSink(file);
    } catch (error) {
      throw refused(error);
    }
    const stream = sink.#stream;
    await new Promise<void>((resolve, reject) => {
      const opened = () => {
        stream.off('error', failed);
        resolve();
      };
      const failed = (error: Error) => {
        stream.off('ready', opened);
        reject(refused(error));
      };
      stream.once('ready', opened);
      stream.once('error', failed);
    });
    return sink;
  }

  send(data: readonly number[], due: number, at: number): void {
    if (this.#closed) return;
    this.#burst += `{"at":${round(at)},"due":${round(due)},"data":[${data.join(',')}],"host":${round(hostMs())}}\n`;
  }

  sent(): void {
    if (this.#burst === '' || this.#closed) return;
    if (this.#file === undefined) this.#stream.write(this.#burst);
    else this.#write(this.#file, Buffer.from(this.#burst));
    this.#burst = '';
  }

  /** Resolves once every line sent so far is in the file. */
  flush(): Promise<void> {
    this.sent();
    if (this.#closed) return this.#closed;
    if (this.#file !== undefined) return Promise.resolve();
    return new Promise((done) => this.#stream.write('', () => done()));
  }

  #write(fd: number, bytes: Buffer): void {
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    } catch (error) {
      // As the stream's error: said once, and the recording stops.
      this.#file = undefined;
      this.#stream.destroy(error as Error);
    }
  }

  close(): Promise<void> {
    this.sent();
    this.#closed ??= new Promise((done) => this.#stream.end(done));
    return this.#closed;
  }
}

/** Microsecond resolution is all the clock can honestly claim. */
function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
