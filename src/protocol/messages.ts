import { z } from 'zod';
import type { Form } from '../lisp/form.js';
import type { SourceSpan } from './coded-error.js';
import { encode, PROTOCOL_VERSION } from './envelope.js';
import { serviceName } from './broker-messages.js';
import { parseJson, ProtocolError } from './protocol-error.js';
import { conform, decode, validate } from './schema-check.js';
import { PERFORMER_ENGINES } from './performer-engine.js';

/**
 * The wire protocol, as zod schemas: every message that crosses a socket is checked here on
 * arrival, before any other code sees it. docs/protocol.md is the prose version of this file.
 */
export { conform, decode, encode, parseJson, PROTOCOL_VERSION, ProtocolError, validate };

/** A request's id, unique per request: clients use `CLIENTID:SEQ`, the server `sN`. */
export const requestIdSchema = z.string().min(1).max(200);
const id = requestIdSchema;
/** The protocol versions a component speaks, as it says in `ready` or `hello`; the server picks the highest it shares. */
export const protocolVersionsSchema = z.array(z.number().int().positive()).min(1).max(16);
export const sessionNameSchema = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a session name is 1–64 of A–Z a–z 0–9 . _ -');
const sessionName = sessionNameSchema;

const span = z.object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() }).optional();

/** Forms as JSON (docs/forms.md). Nesting too deep for the validator's stack is answered in `decode`. */
export const formSchema: z.ZodType<Form> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('list'), items: z.array(formSchema), span }),
    z.object({ kind: z.literal('symbol'), name: z.string().min(1), span }),
    z.object({ kind: z.literal('keyword'), name: z.string().min(1), span }),
    z.object({ kind: z.literal('number'), value: z.number(), span }),
    z.object({ kind: z.literal('string'), value: z.string(), span }),
    z.object({ kind: z.literal('quote'), form: formSchema, span }),
  ]),
);

const dataByte = z.number().int().min(0).max(127);
/**
 * The bytes of one MIDI channel message: `[status, data1, data2]`, or `[status, data1]` for a
 * program change (0xC0–0xCF) or channel pressure (0xD0–0xDF). Nothing else (no SysEx, no meta).
 */
export const midiDataSchema = z.union([
  z.tuple([z.union([z.number().int().min(0x80).max(0xbf), z.number().int().min(0xe0).max(0xef)]), dataByte, dataByte]),
  z.tuple([z.number().int().min(0xc0).max(0xdf), dataByte]),
]);

/**
 * A MIDI message at a time in ms: `t` score time (any finite number), `d` its bytes, `p` the id
 * of the part it belongs to: what `replace` names, and what a performer tracks sounding notes by.
 */
export interface TimedMessage {
  readonly t: number;
  readonly d: readonly number[];
  readonly p?: string | undefined;
}

/** Checked byte by byte; typed as code builds it (any array of numbers), which whatever passes is. */
export const timedMessageSchema: z.ZodType<TimedMessage> = z.object({
  t: z.number().finite(),
  d: midiDataSchema,
  p: z.string().max(64).optional(),
});

const envelope = { v: z.literal(PROTOCOL_VERSION) };

/**
 * Where a performer sends its MIDI: the named JZZ output, the built-in synth, and/or a recording;
 * on Ableton Link's beat grid (`link`, docs/ensemble.md), with a MIDI clock on `clockOut`; with
 * `engine: "browser"`, a Web Audio performer in Chromium (docs/browser.md), `headed` in a window,
 * `browser` the Chromium to start (else one found on PATH).
 */
export const sinkOptionsSchema = z.object({
  port: z.string().min(1).max(200).optional(),
  record: z.string().min(1).max(4096).optional(),
  /** Join the Link session; batches start on its bar of `quantum` beats. */
  link: z.object({ quantum: z.number().int().min(1).max(64) }).optional(),
  /** A JZZ output that gets MIDI clock (24 per beat), start, stop, continue and song position. */
  clockOut: z.string().min(1).max(200).optional(),
  engine: z.enum(PERFORMER_ENGINES).optional(),
  headed: z.boolean().optional(),
  browser: z.string().min(1).max(4096).optional(),
});
export type SinkOptions = z.infer<typeof sinkOptionsSchema>;

const transformArgs = z.array(z.union([z.number().finite(), z.string().max(200)])).max(16);

/**
 * One step of an eval's transform chain: a broker service (docs/protocol.md, "Transformers")
 * and its arguments, e.g. `{service: "swing", args: [0.6]}`.
 */
export const transformStepSchema = z.object({
  service: serviceName.refine((name) => name !== 'performer', 'performers play sessions; a transformer is another service'),
  args: transformArgs.optional(),
});
export type TransformStep = z.infer<typeof transformStepSchema>;

/** What a transformer is asked (the body of its `request`): an eval's new messages, the score's tempo map, the step's arguments. */
export const transformRequestSchema = z.object({
  messages: z.array(timedMessageSchema),
  /** Quarter notes per minute from each `offset` (score ms) on. */
  tempo: z.array(z.object({ offset: z.number(), bpm: z.number().positive() })),
  args: transformArgs,
});
export type TransformRequest = z.infer<typeof transformRequestSchema>;

/** What a transformer answers (its `final` body), checked before anything plays it. */
export const transformAnswerSchema = z.object({ messages: z.array(timedMessageSchema).max(1_000_000) });

/** A score to evaluate (or check) in a session. */
const scoreInput = {
  session: sessionName,
  /** Alda text, parsed by the server; or `forms`, already parsed. Exactly one of the two. */
  code: z.string().optional(),
  forms: z.array(formSchema).optional(),
  /** The file name used in error messages. */
  name: z.string().max(4096).optional(),
  /** Start the session's score afresh instead of adding to it (`check`: check against an empty score). */
  reset: z.boolean().optional(),
};

// ── Client → server: requests. Each carries an id, `${clientId}:${seq}`, unique per request.
export const clientRequestSchema = z.discriminatedUnion('type', [
  z.object({
    ...envelope,
    type: z.literal('eval'),
    id,
    ...scoreInput,
    /** Play the new events (default true). */
    play: z.boolean().optional(),
    /** `mm:ss` or a marker name, as Alda's `play -F/-T`; only with `reset`. */
    from: z.string().max(200).optional(),
    to: z.string().max(200).optional(),
    /** Used when this eval creates the session's performer. */
    sink: sinkOptionsSchema.optional(),
    /** The session ends, and frees its performer, once it has played (`alda-live play`). */
    oneShot: z.boolean().optional(),
    /** Broker services the new messages go through, in order, before they play. */
    transform: z.array(transformStepSchema).max(8).optional(),
  }),
  /** Live mode (docs/live.md): the code's parts loop on one transport; a later `live` swaps what changed at its boundary. */
  z.object({
    ...envelope,
    type: z.literal('live'),
    id,
    session: sessionName,
    code: z.string(),
    name: z.string().max(4096).optional(),
    /** A whole score (default): parts it lacks stop. false: only the parts it defines change (a line at the prompt). */
    whole: z.boolean().optional(),
    /** `beat`, `bar`, `loop` (default) or a number of beats: where changes take effect. */
    quant: z.string().max(20).optional(),
    sink: sinkOptionsSchema.optional(),
  }),
  /** What evaluating would report (diagnostics with spans), without changing the session's score. */
  z.object({
    ...envelope,
    type: z.literal('check'),
    id,
    ...scoreInput,
  }),
  z.object({ ...envelope, type: z.literal('unloop'), id, session: sessionName, part: z.string().min(1).max(64) }),
  z.object({ ...envelope, type: z.literal('live-status'), id, session: sessionName }),
  z.object({ ...envelope, type: z.literal('wait'), id, session: sessionName }),
  z.object({ ...envelope, type: z.literal('stop'), id, session: sessionName.optional() }),
  /** Ends a session: its loops stop, its performer goes back, its name is free. */
  z.object({ ...envelope, type: z.literal('close'), id, session: sessionName }),
  z.object({ ...envelope, type: z.literal('position'), id, session: sessionName }),
  z.object({ ...envelope, type: z.literal('join'), id, session: sessionName, sink: sinkOptionsSchema.optional() }),
  /** The notes given to the session's performer that sound in [from, to] of its timeline (ms): the page's piano roll. */
  z.object({ ...envelope, type: z.literal('notes'), id, session: sessionName, from: z.number().finite().optional(), to: z.number().finite().optional() }),
  /**
   * Moves a session to another kind of performer (docs/browser.md): what plays is stopped, its
   * performer given back, and the next evaluation plays on one of `engine` (`browser`: a page
   * started `for` the session first, such as the live-coding page's own; `node`: the server's).
   */
  z.object({ ...envelope, type: z.literal('engine'), id, session: sessionName, engine: z.enum(PERFORMER_ENGINES) }),
  /** A one-time code for the live-coding page (src/server/transport/page-keys.ts); `session` goes into its URL. */
  z.object({ ...envelope, type: z.literal('page'), id, session: sessionName.optional() }),
  z.object({ ...envelope, type: z.literal('ps'), id }),
  z.object({ ...envelope, type: z.literal('ping'), id }),
  /**
   * Optional, first: the protocol versions the client speaks and the capabilities it wants
   * (docs/protocol.md, "Negotiation"); the server answers what it chose. Without one, version 1.
   */
  z.object({
    ...envelope,
    type: z.literal('hello'),
    id,
    protocol: protocolVersionsSchema,
    capabilities: z.array(z.string().max(32)).max(32).optional(),
    /** Who is asking, for the server's log (`my-editor 1.2`). */
    client: z.string().max(200).optional(),
  }),
  z.object({ ...envelope, type: z.literal('shutdown'), id }),
]);
export type ClientRequest = z.infer<typeof clientRequestSchema>;
export type RequestType = ClientRequest['type'];

// ── Server → client.
export const replySchema = z.object({
  ...envelope,
  type: z.literal('reply'),
  id,
  result: z.record(z.string(), z.unknown()),
});
const position = { line: z.number().int().positive(), column: z.number().int().positive() };
/** Where a score failed (src/protocol/coded-error.ts). */
export const sourceSpanSchema: z.ZodType<SourceSpan> = z.object({ file: z.string(), ...position, end: z.object(position) });
export const errorReplySchema = z.object({
  ...envelope,
  type: z.literal('error'),
  /** Absent when the message was too broken to carry a readable id. */
  id: id.optional(),
  /** An ErrorCode; read as a string, so that a newer server's codes still reach an older client. */
  code: z.string(),
  message: z.string(),
  span: sourceSpanSchema.optional(),
});
/** Pushed to every other client that joined the session when someone evaluates in it. */
export const updateSchema = z.object({
  ...envelope,
  type: z.literal('update'),
  session: sessionName,
  events: z.number().int().nonnegative(),
  code: z.string().optional(),
});
/** Pushed to the clients that joined a session when something happens to it that no request asked for. */
export const sessionEventSchema = z.object({
  ...envelope,
  type: z.literal('event'),
  session: sessionName,
  /** `performer-died`: its performer died while it played; what it left sounding was silenced. */
  kind: z.string(),
  message: z.string(),
});
export const serverToClientSchema = z.discriminatedUnion('type', [replySchema, errorReplySchema, updateSchema, sessionEventSchema]);
export type ServerToClient = z.infer<typeof serverToClientSchema>;
