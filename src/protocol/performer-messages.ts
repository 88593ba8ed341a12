import { z } from 'zod';
import { PROTOCOL_VERSION } from './envelope.js';
import { protocolVersionsSchema, requestIdSchema as id, sessionNameSchema as sessionName, sinkOptionsSchema, timedMessageSchema } from './messages.js';
import { PERFORMER_ENGINES } from './performer-engine.js';

/**
 * The performer's half of the protocol (service `performer`, docs/protocol.md "Performers"):
 * what a performer says, the commands the server sends it, and the `result` of its reply to
 * each. Both sides check every message against these on arrival, replies included.
 */
const envelope = { v: z.literal(PROTOCOL_VERSION) };

const capabilityName = z.string().regex(/^[a-z][a-z0-9.-]{0,31}$/, 'a capability is 1–32 of a–z 0–9 . -, starting with a letter');

/**
 * What a performer can play through and keep time by. Sinks: `port` (a MIDI output, `open`'s
 * `sink.port`), `synth` (a sound of its own when no port is named), `record` (`sink.record`: JSON
 * lines, required by `alda-live conformance`), or its own (`osc`...). Clocks: `internal` (its
 * own monotonic clock), `link` (Ableton Link), `midi-clock`.
 */
export const performerOffersSchema = z.object({
  sinks: z.array(capabilityName).max(32),
  clocks: z.array(capabilityName).max(32),
});
export type PerformerOffers = z.infer<typeof performerOffersSchema>;

// ── Performer → server.
export const readySchema = z.object({
  ...envelope,
  type: z.literal('ready'),
  service: z.literal('performer'),
  /** Stable across its reconnections; another process may not take it while this one is connected. */
  worker: id,
  pid: z.number().int(),
  /** The session it was playing, when it reconnects after losing the server; else null. */
  session: sessionName.nullable(),
  /** Serve only this session (a performer started by hand for it); absent: any new session, before the server's own. */
  for: sessionName.optional(),
  /** The protocol versions it speaks; given, the server answers with a `welcome`. */
  protocol: protocolVersionsSchema.optional(),
  offers: performerOffersSchema.optional(),
  /** What it plays with: a page in a browser says `browser`; else `node`. */
  engine: z.enum(PERFORMER_ENGINES).optional(),
});
export type PerformerReady = z.infer<typeof readySchema>;

export const workerMessageSchema = z.discriminatedUnion('type', [
  readySchema,
  z.object({ ...envelope, type: z.literal('heartbeat') }),
  /** The answer to command `id`; its `result` is checked against that command's (performerResultSchemas). */
  z.object({ ...envelope, type: z.literal('reply'), id, result: z.record(z.string(), z.unknown()) }),
  /** A command it could not carry out, or could not read (then `id` is absent if it had none). */
  z.object({ ...envelope, type: z.literal('error'), id: id.optional(), code: z.string().min(1).max(100), message: z.string() }),
  /** Its queue ran dry and nothing sounds any more: sent once each time that happens, after its sinks caught up. */
  z.object({ ...envelope, type: z.literal('idle'), session: sessionName.nullable(), position: z.number() }),
  /** Something the user should read, e.g. that there is no audio device. */
  z.object({ ...envelope, type: z.literal('notice'), message: z.string().max(4096) }),
  /** What time is it (epoch ms)? `sent` is the performer's clock, to be sent back with the server's. */
  z.object({ ...envelope, type: z.literal('clock'), sent: z.number().finite() }),
]);
export type WorkerMessage = z.infer<typeof workerMessageSchema>;

// ── Server → performer.
/** The score's tempo where the batch starts (bpm): a Link clock counts its beats in it. */
const tempo = z.number().min(1).max(1000).optional();

export const performerCommandSchema = z.discriminatedUnion('type', [
  /** The answer to a `ready` that carried `protocol`: the version the server chose and its heartbeat interval. */
  z.object({ ...envelope, type: z.literal('welcome'), protocol: z.number().int().positive(), heartbeat: z.number().positive() }),
  /**
   * Takes on a session: silences and closes whatever it played before, opens these sinks, and
   * starts a fresh timeline (it begins with the next batch). `lookahead`, in ms, is the server's
   * `--lookahead`; absent, the performer's own (10 ms by default).
   */
  z.object({ ...envelope, type: z.literal('open'), id, session: sessionName, sink: sinkOptionsSchema, lookahead: z.number().min(0).max(10_000).optional() }),
  /**
   * Messages in score time. `start` is the score time the batch begins at: the performer plays
   * it now (after its lookahead), or after what it already holds on the session's timeline.
   */
  z.object({
    ...envelope,
    type: z.literal('schedule'),
    id,
    start: z.number().finite(),
    messages: z.array(timedMessageSchema),
    /** true: the rest of the previous batch (a long score goes in chunks), placed with that batch's shift; absent or false: a new batch. */
    continues: z.boolean().optional(),
    tempo,
  }),
  /** Drop the part's queued messages from score time `from` on, end its notes sounding at `from`, queue these instead. */
  z.object({
    ...envelope,
    type: z.literal('replace'),
    id,
    part: z.string().max(64),
    from: z.number().finite(),
    messages: z.array(timedMessageSchema),
    tempo,
  }),
  /** Drops the queue and silences what sounds (note-offs, then All Notes Off on every channel used); the timeline goes on. */
  z.object({ ...envelope, type: z.literal('stop'), id }),
  /**
   * Releases every note on every channel of the sinks, whoever started it (All Sound Off, All
   * Notes Off, sustain off): the session's previous performer died with notes sounding.
   */
  z.object({ ...envelope, type: z.literal('panic'), id }),
  z.object({ ...envelope, type: z.literal('position'), id }),
  z.object({ ...envelope, type: z.literal('heartbeat') }),
  /** Silence what sounds, close the sinks, exit. */
  z.object({ ...envelope, type: z.literal('shutdown') }),
  /** The answer to a performer's `clock`: its `sent`, and the server's clock (epoch ms) when it answered. */
  z.object({ ...envelope, type: z.literal('clock'), sent: z.number().finite(), server: z.number().finite() }),
]);
export type PerformerCommand = z.infer<typeof performerCommandSchema>;

/** Where the transport is on the session's timeline, in ms: null before its first batch, negative in the lookahead before it starts. */
const position = z.number().nullable();

/** Where a batch landed on the session's timeline (ms). An empty batch lands at its `start` (`from`): both are `start + shift`. */
export const placementSchema = z.object({ firstDue: z.number(), lastDue: z.number(), shift: z.number(), position });

/** Ableton Link as a performer on it sees it (docs/ensemble.md): peers, tempo, beat and phase within the quantum. */
const linkStatusSchema = z.object({ peers: z.number().int().nonnegative(), tempo: z.number(), beat: z.number(), phase: z.number(), quantum: z.number() });

/** The `result` of a performer's reply, by the command it answers. */
export const performerResultSchemas = {
  open: z.object({
    session: sessionName,
    /** The sinks it opened, by name, for people to read (`record:/path`, a port's name...). */
    sinks: z.array(z.string().max(4096)),
    notices: z.array(z.string().max(4096)).optional(),
    link: linkStatusSchema.optional(),
  }),
  schedule: placementSchema,
  replace: placementSchema,
  stop: z.object({ position }),
  panic: z.object({ position }),
  position: z.object({ position, pending: z.number().int().nonnegative(), sounding: z.number().int().nonnegative(), link: linkStatusSchema.optional() }),
};
export type PerformerResults = { [K in keyof typeof performerResultSchemas]: z.infer<(typeof performerResultSchemas)[K]> };
