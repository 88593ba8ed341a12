import { spawn, type ChildProcess } from 'node:child_process';

type Message = { id?: number; method?: string; params?: unknown; result?: unknown; error?: { code: number; message: string } };

/** An LSP client over a child's stdio: Content-Length framed JSON-RPC, as editors speak it. */
export class LspClient {
  readonly #child: ChildProcess;
  readonly #waiting = new Map<number, (message: Message) => void>();
  readonly #listeners: ((message: Message) => void)[] = [];
  #sequence = 0;
  #pending: Buffer = Buffer.alloc(0);

  constructor(command: string, args: readonly string[], env: NodeJS.ProcessEnv) {
    this.#child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'inherit'] });
    this.#child.stdout!.on('data', (chunk: Buffer) => this.#receive(chunk));
  }

  request(method: string, params: unknown, timeout = 15_000): Promise<Message> {
    const id = ++this.#sequence;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No answer to ${method} in ${timeout} ms`)), timeout);
      this.#waiting.set(id, (message) => {
        clearTimeout(timer);
        resolve(message);
      });
      this.#write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.#write({ jsonrpc: '2.0', method, params });
  }

  /** The next notification `method` the server sends that `accept` takes, within `timeout` ms. */
  next<T>(method: string, accept: (params: T) => boolean = () => true, timeout = 15_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No ${method} in ${timeout} ms`)), timeout);
      const listener = (message: Message) => {
        if (message.method !== method || !accept(message.params as T)) return;
        clearTimeout(timer);
        this.#listeners.splice(this.#listeners.indexOf(listener), 1);
        resolve(message.params as T);
      };
      this.#listeners.push(listener);
    });
  }

  kill(): void {
    this.#child.kill('SIGKILL');
  }

  #write(message: object): void {
    const body = Buffer.from(JSON.stringify(message));
    this.#child.stdin!.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.#child.stdin!.write(body);
  }

  #receive(chunk: Buffer): void {
    this.#pending = Buffer.concat([this.#pending, chunk]);
    for (;;) {
      const headerEnd = this.#pending.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.#pending.subarray(0, headerEnd).toString())![1]);
      if (this.#pending.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.#pending.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as Message;
      this.#pending = this.#pending.subarray(headerEnd + 4 + length);
      if (message.id !== undefined && message.method === undefined) this.#waiting.get(message.id)?.(message);
      else if (message.id !== undefined) this.#write({ jsonrpc: '2.0', id: message.id, result: null });
      for (const listener of [...this.#listeners]) listener(message);
    }
  }
}
