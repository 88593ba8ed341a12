import type { WebSocket } from 'ws';
import { join } from 'node:path';
import type { LivenessOptions } from '../../protocol/liveness.js';
import type { PerformerPool } from '../performer-pool.js';
import type { SessionRegistry } from '../session/session-registry.js';
import { JobDesk, JobError } from '../jobs/job-desk.js';
import type { Body } from '../jobs/job-entry.js';
import { JobRunner } from '../jobs/job-runner.js';
import { JobStore, JobStoreError } from '../jobs/job-store.js';
import { playView } from '../jobs/play-step.js';
import { Broker, type RequestOptions } from './broker.js';
import { BrokerError } from './broker-error.js';
import { ChildWorkers } from './child-workers.js';
import type { HubRequest } from '../../protocol/hub-requests.js';
import { spawnServiceWorker } from './spawn-service-worker.js';
import { schemas } from '../../protocol/schemas-on-demand.js';
import { workerCounts } from './worker-counts.js';

export interface ServiceHubOptions {
  readonly url: string;
  readonly token: string;
  readonly pool: PerformerPool;
  /** A performer lease for a job's play, held while `play` runs (the sessions' registry: so that `stop` reaches it). */
  readonly withJobLease: SessionRegistry['withJobLease'];
  /** The job store goes in its `jobs/`; without it, job requests are refused. */
  readonly stateDir: string | undefined;
  readonly heartbeat?: LivenessOptions | undefined;
  /** Start compiler and exporter processes ourselves (on first use). @default true */
  readonly spawnWorkers?: boolean | undefined;
  /** Processes per service; `workerCounts()` (the environment) unless told. */
  readonly workers?: Readonly<Record<string, number>> | undefined;
  /** How long a request may wait for a worker, in ms. @default 10000 */
  readonly expiry?: number | undefined;
  /** How long a job may run, in ms (`JobRunnerOptions.timeBudget`). @default 3600000 */
  readonly jobTimeBudget?: number | undefined;
  readonly log: (line: string) => void;
}

/**
 * Everything of the server beyond sessions and performers: the broker, the worker processes it
 * starts for `compiler` and `exporter`, and the job store with its runner. server.ts hands it the
 * connections that say `ready SERVICE` and the requests `request`, `mmi.service` and `job.*`.
 */
export class ServiceHub {
  readonly broker: Broker;
  readonly store: JobStore | undefined;
  readonly runner: JobRunner | undefined;
  readonly #desk: JobDesk | undefined;
  readonly #options: ServiceHubOptions;
  readonly #counts: Readonly<Record<string, number>>;
  readonly #children = new Map<string, ChildWorkers>();

  constructor(options: ServiceHubOptions) {
    this.#options = options;
    this.#counts = options.workers ?? workerCounts();
    this.broker = new Broker({
      heartbeat: options.heartbeat,
      expiry: options.expiry,
      log: options.log,
      onSilent: (worker) => this.#children.get(worker.service)?.kill(worker.id),
      otherServices: { performer: () => options.pool.workers.filter((w) => w.socket).length },
    });
    if (options.stateDir === undefined) return;
    this.store = JobStore.open(join(options.stateDir, 'jobs'));
    for (const problem of this.store.problems) options.log(problem);
    this.runner = new JobRunner({
      store: this.store,
      request: (service, body, requestOptions) => this.#request(service, body, requestOptions),
      play: (job, view, signal) => {
        const built = schemas().viewFromJson(view);
        if (typeof built === 'string') throw new JobError('ALDA_JOB_CORRUPT', `The built score of job ${job.id} is ${built}`);
        const action = job.request!.do;
        return options.withJobLease(`job-${job.id}`, action.kind === 'play' ? (action.sink ?? {}) : {}, (lease) => playView(lease, built, signal));
      },
      ...(options.jobTimeBudget === undefined ? {} : { timeBudget: options.jobTimeBudget }),
      log: options.log,
    });
    this.#desk = new JobDesk(this.store, this.runner);
    this.runner.wake();
  }

  owns(socket: WebSocket): boolean {
    return this.broker.owns(socket);
  }

  receive(socket: WebSocket, value: unknown): void {
    this.broker.receive(socket, value);
  }

  disconnected(socket: WebSocket): void {
    this.broker.disconnected(socket);
  }

  /** Answers a client's request; `partial` messages of a service request go out through `send` as they come. */
  answer(request: HubRequest, send: (message: Record<string, unknown>) => void): Promise<Body> {
    return (this.#handlers[request.type] as HubHandler<typeof request.type>)(request, send);
  }

  /** What each request does: one handler per request type, typed by it. */
  readonly #handlers: { readonly [T in HubRequest['type']]: HubHandler<T> } = {
    request: async (request, send) => {
      if (request.service === 'performer') {
        throw new BrokerError('ALDA_NOT_A_BROKER_SERVICE', 'Performers are reached through sessions (`eval`, `play`), not `request`: see docs/protocol.md');
      }
      return this.#request(request.service, request.body, { expiry: request.expiry, onPartial: (body) => send({ type: 'partial', id: request.id, body }) });
    },
    'mmi.service': async (request) => ({ ...this.broker.lookup(request.service) }),
    'job.submit': (request) => this.#jobs(request),
    'job.status': (request) => this.#jobs(request),
    'job.result': (request) => this.#jobs(request),
    'job.cancel': (request) => this.#jobs(request),
    'job.close': (request) => this.#jobs(request),
    'job.list': (request) => this.#jobs(request),
  };

  async #jobs(request: Extract<HubRequest, { type: `job.${string}` }>): Promise<Body> {
    if (!this.#desk) throw new JobError('ALDA_NO_JOB_STORE', 'This server runs without a state dir, so it keeps no jobs');
    return this.#desk.answer(request);
  }

  /** Processes we started, by service, for `ps`. */
  get processes(): Record<string, number[]> {
    return Object.fromEntries([...this.#children].map(([service, children]) => [service, children.pids]));
  }

  async close(): Promise<void> {
    this.runner?.close();
    this.broker.close();
    await Promise.all([...this.#children.values()].map((children) => children.close()));
  }

  #request(service: string, body: Body, options: RequestOptions): Promise<Body> {
    this.#ensureWorkers(service);
    return this.broker.request(service, body, options);
  }

  /** Our own services get their processes when first asked for, so an idle server stays small. */
  #ensureWorkers(service: string): void {
    const count = this.#counts[service];
    if (this.#options.spawnWorkers === false || count === undefined || this.#children.has(service)) return;
    const { url, token, heartbeat, log } = this.#options;
    this.#children.set(
      service,
      new ChildWorkers({
        service,
        count,
        spawn: (worker) => spawnServiceWorker({ url, token, service, worker, heartbeat: heartbeat?.interval, log: (line) => log(`[${worker}] ${line}`) }),
        log,
      }),
    );
  }
}

/** The errors of services and jobs a client can cause: answered with their code, not as a bug. */
export function isServiceError(error: unknown): error is Error & { code: string } {
  return error instanceof BrokerError || error instanceof JobError || error instanceof JobStoreError;
}

/** Answers one type of hub request; `send` carries its `partial` messages. */
type HubHandler<T extends HubRequest['type']> = (request: Extract<HubRequest, { type: T }>, send: (message: Record<string, unknown>) => void) => Promise<Body>;
