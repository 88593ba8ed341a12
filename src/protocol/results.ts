import type { WireError } from './coded-error.js';
import type { ServerCapability } from './negotiation.js';
import type { PerformerEngine } from './performer-engine.js';

/**
 * What each request answers, by request type (docs/protocol.md): the `result` of its `reply`.
 * The server's handlers return these, and the client hands them back typed, without casts.
 * Times are ms: score time for `start`/`end`, the session's timeline for the rest.
 */
export interface EvalResult {
  session: string;
  /** How many note events the evaluation added. */
  events: number;
  start: number;
  end: number;
  /** When the evaluation played. */
  firstDue?: number;
  lastDue?: number;
  position?: number | null;
  /** Lines for the user, e.g. that there is no audio device. */
  notices?: string[];
  performer?: number | undefined;
}

export interface LoopSwapResult {
  part: string;
  /** The part changes, enters, or stops. */
  kind: 'swap' | 'enter' | 'stop';
  at: number;
}

/** Ableton Link as a session's performer last saw it (docs/ensemble.md). */
export interface LinkStatus {
  /** Other apps on the Link session. */
  peers: number;
  tempo: number;
  /** Link's beat on this performer's timeline, and its phase within the quantum. */
  beat: number;
  phase: number;
  quantum: number;
}

export interface LiveStatusResult {
  session: string;
  now: number;
  quant: string;
  parts: { part: string; length: number; iteration: number; into: number }[];
  pending: LoopSwapResult[];
  /** The last `live` that failed, until a good one. */
  error: string | null;
  /** With `--link`: where Link is. */
  link?: LinkStatus;
}

export interface LiveResult extends LiveStatusResult {
  swaps: LoopSwapResult[];
  /** Lines for the user from the performer the first `live` opened (e.g. no audio device). */
  notices?: string[];
}

export interface PositionResult {
  session: string;
  position: number | null;
  pending: number;
  sounding: number;
  /** With `--link`: where Link is. */
  link?: LinkStatus;
}

export interface JoinResult {
  session: string;
  events: number;
  /** The session's text so far, one evaluation a line. */
  code: string;
}

/** A note as it falls on a session's timeline (ms): what the live-coding page's piano roll draws. */
export interface TimelineNote {
  /** The part's id, as the performer's messages name it. */
  part: string;
  channel: number;
  key: number;
  velocity: number;
  start: number;
  end: number;
}

export interface NotesResult {
  session: string;
  /** The transport position now (null before the first batch). */
  position: number | null;
  /** Notes sounding at any time in the window asked for, the earliest first. */
  notes: TimelineNote[];
  /** More notes fell in the window than one answer carries (`MAX_NOTES_ANSWERED`). */
  more: boolean;
}

export interface PsResult {
  server: { pid: number; url: string; uptime: number; rss: number | null };
  sessions: { name: string; events: number; performer: number | null; clients: number; playing: boolean; link?: LinkStatus }[];
  /** `state`: `starting`, `spare` (free), `busy` (playing `session`); `for`: the one session it serves, if started for it; `offers`: its sinks and clocks, if it said. */
  performers: { id: string; pid: number | null; state: string; session: string | null; for: string | null; offers: { sinks: string[]; clocks: string[] } | null; rss: number | null }[];
  workers: { id: string; service: string; pid: number; busy: boolean; served: number }[];
}

/** A service's or a job's own body: JSON, as the service defines it. */
export type Body = Record<string, unknown>;

/** A job as `job.status` and `job.list` describe it (docs/jobs.md). */
export interface JobStatusResult {
  job: string;
  state: 'pending' | 'running' | 'complete' | 'failed' | 'corrupt';
  /** The last step done. */
  step: string | null;
  /** When each step was done. */
  steps: Record<string, string>;
  /** `play` or `export:PATH`. */
  do: string | null;
  submittedAt: string;
  waiting?: string;
  progress?: { done: number; total: number };
  error?: { code: string; message: string; step?: string };
}

/** What a job that is done produced: the file it exported, or what it played. */
export type JobOutput = { path: string; bytes: number; sha256: string } | { messages: number; position: number | null } | { interrupted: true; note: string };

export interface RequestResults {
  eval: EvalResult;
  live: LiveResult;
  unloop: { session: string; part: string; at: number };
  'live-status': LiveStatusResult;
  wait: { session: string; done: boolean; position?: number | null };
  /** The sessions (and playing jobs) that were playing when it came. */
  stop: { stopped: string[] };
  close: { session: string; closed: true };
  check: { session: string; diagnostics: WireError[] };
  position: PositionResult;
  join: JoinResult;
  notes: NotesResult;
  /** What the session plays with from now on; `changed` false when it already did (or it has not begun: its first evaluation's sink says). */
  engine: { session: string; engine: PerformerEngine; changed: boolean };
  /** A one-time code for the live-coding page, in the URL that opens it (docs/browser.md). */
  page: { url: string; expiresIn: number };
  ps: PsResult;
  ping: { pong: true; pid: number };
  hello: { protocol: number; capabilities: ServerCapability[]; server: string };
  shutdown: { bye: true };
  request: Body;
  'mmi.service': { service: string; available: boolean; workers: number; idle: number; queued: number };
  'job.submit': { job: string; existing: boolean };
  'job.status': JobStatusResult;
  'job.result': { job: string; do: 'play' | 'export'; result: JobOutput };
  /** The job's status after it: failed, with `ALDA_JOB_CANCELLED`. */
  'job.cancel': JobStatusResult;
  'job.close': { closed: string };
  'job.list': { jobs: JobStatusResult[] };
}

/** Every request type a client may send: the session's and the service hub's. */
export type AnyRequestType = keyof RequestResults;
export type ResultOf<T extends AnyRequestType> = RequestResults[T];
