import { randomUUID } from 'node:crypto';
import { compile } from '../../engine/compile.js';
import { goJson } from '../../engine/go-json.js';
import { INSTRUMENTS } from '../../engine/instruments.js';
import { midiFile } from '../../engine/midi-file.js';
import { toParsedEvents } from '../../engine/parsed-events.js';
import { parseAlda } from '../../engine/parser/parse.js';
import { scoreDataText } from '../../engine/score-data.js';
import { PROTOCOL_VERSION } from '../../protocol/envelope.js';
import { VERSION } from '../../version.js';
import type { SessionRegistry } from '../session/session-registry.js';
import type { PeerId } from '../session/session-actor.js';
import type { NreplMessage } from '../transport/nrepl-transport.js';

/** Where an nREPL connection's requests act: one alda-live session, the one score Alda's REPL server holds. */
export interface NreplContext {
  readonly sessions: SessionRegistry;
  readonly session: string;
  readonly peer: PeerId;
}

/** A request's problems, answered as `status: [done, error]` with `problems`. */
export class NreplProblems extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('; '));
    this.problems = problems;
  }
}

const ALDA_VERSION = '2.4.3';

/** The fields of a reply besides `status`, `id` and `session`. */
type Fields = Record<string, unknown>;
type Op = (request: NreplMessage, context: NreplContext) => Promise<Fields>;

/**
 * Alda 2's REPL server API (its doc/alda-repl-server-api.adoc), each operation carried out on the
 * connection's session through the same SessionRegistry as every WebSocket client: `eval-and-play`
 * is an `eval`, `load` and `new-score` a reset, `replay` a reset with the session's own text.
 */
const OPS: Readonly<Record<string, Op>> = {
  // Sessions mean little to Alda's REPL, which hands out an id for nREPL's sake; so do we.
  clone: async () => ({ 'new-session': randomUUID() }),
  describe: async () => ({
    ops: Object.fromEntries(Object.keys(OPS).map((op) => [op, {}])),
    // `alda`: the version of Alda whose language and REPL this answers for.
    versions: { alda: { 'version-string': ALDA_VERSION }, 'alda-live': { 'version-string': VERSION, protocol: PROTOCOL_VERSION } },
  }),
  // nREPL's generic `eval` has no meaning for Alda, which answers it with a placeholder value.
  eval: async () => ({ value: '¯\\_(ツ)_/¯' }),
  'eval-and-play': async (request, context) => {
    const code = field(request, 'code', true)!;
    await context.sessions.eval(evalRequest(context, { code }), context.peer);
    return {};
  },
  export: async (_, context) => {
    const { view, score } = compile(text(context));
    const end = Math.max(0, ...score.state.parts.map((part) => part.currentOffset));
    return { 'binary-data': midiFile(view, { end }) };
  },
  instruments: async () => ({ instruments: INSTRUMENTS.map((instrument) => instrument.name) }),
  load: async (request, context) => {
    const code = field(request, 'code', true)!;
    await silence(context);
    try {
      await context.sessions.eval(evalRequest(context, { code, reset: true, play: false }), context.peer);
    } catch (error) {
      // Alda's `load` starts a new score before it parses: a load that fails leaves an empty one.
      await context.sessions.eval(evalRequest(context, { code: '', reset: true, play: false }), context.peer);
      throw error;
    }
    return {};
  },
  'new-score': async (_, context) => {
    await silence(context);
    if (context.sessions.get(context.session)) await context.sessions.eval(evalRequest(context, { code: '', reset: true, play: false }), context.peer);
    return {};
  },
  replay: async (request, context) => {
    // Played afresh from the text so far, without the pauses between the inputs (Alda's `replay`).
    const from = field(request, 'from', false, true);
    const to = field(request, 'to', false, true);
    await context.sessions.eval(evalRequest(context, { code: text(context), reset: true, from, to }), context.peer);
    return {};
  },
  // Alda's AST has no counterpart here: the parse tree alda-live has is its alda.lisp forms.
  'score-ast': async (_, context) => ({ ast: JSON.stringify(parseAlda(text(context)), (key, value: unknown) => (key === 'span' ? undefined : value)) }),
  'score-data': async (_, context) => ({ data: scoreDataText(compile(text(context)).score.state).trimEnd() }),
  'score-events': async (_, context) => ({ events: goJson(toParsedEvents(parseAlda(text(context)))) }),
  'score-text': async (_, context) => ({ text: text(context) }),
  stop: async (_, context) => {
    await silence(context);
    return {};
  },
};

/** Answers one request as Alda's REPL server does: `status`, and `id`/`session` copied from the request. */
export async function answerNrepl(request: NreplMessage, context: NreplContext): Promise<Record<string, unknown>> {
  const echo = echoed(request);
  try {
    const op = field(request, 'op', true)!;
    const handler = Object.hasOwn(OPS, op) ? OPS[op] : undefined;
    if (!handler) return { ...echo, status: ['done', 'error', 'unknown-op'] };
    return { ...(await handler(request, context)), ...echo, status: ['done'] };
  } catch (error) {
    const problems = error instanceof NreplProblems ? error.problems : [(error as Error).message];
    return { problems, ...echo, status: ['done', 'error'] };
  }
}

/** The answer to a request refused before it was looked at (past the rate limit). */
export function refusedNrepl(request: NreplMessage, problem: string): Record<string, unknown> {
  return { problems: [problem], ...echoed(request), status: ['done', 'error'] };
}

function echoed(request: NreplMessage): Record<string, unknown> {
  return Object.fromEntries(['id', 'session'].filter((key) => key in request).map((key) => [key, request[key]]));
}

/** A string field of the request, with Alda's wording when it is missing or of another type. */
function field(request: NreplMessage, name: string, required: true): string;
function field(request: NreplMessage, name: string, required: false, ignoreOtherTypes: true): string | undefined;
function field(request: NreplMessage, name: string, required: boolean, ignoreOtherTypes = false): string | undefined {
  const value = request[name];
  if (value === undefined) {
    if (required) throw new NreplProblems([`Request field missing: ${name}`]);
    return undefined;
  }
  if (typeof value === 'string') return value;
  if (ignoreOtherTypes) return undefined;
  throw new NreplProblems([`Expected "${name}" to be of type \`string\`, but it was of type \`${bencodeType(value)}\`.`]);
}

function bencodeType(value: unknown): string {
  if (typeof value === 'number') return 'integer';
  if (Array.isArray(value)) return 'list';
  return 'dictionary';
}

function evalRequest(context: NreplContext, fields: { code: string; reset?: boolean; play?: boolean; from?: string | undefined; to?: string | undefined }) {
  return { v: 1 as const, type: 'eval' as const, id: `${context.peer}:${randomUUID()}`, session: context.session, ...fields };
}

/** The session's text so far: every input, each followed by a newline. */
function text(context: NreplContext): string {
  return context.sessions.get(context.session)?.text ?? '';
}

/** Stops what the session plays; a session not there yet plays nothing. */
async function silence(context: NreplContext): Promise<void> {
  if (context.sessions.get(context.session)) await context.sessions.stop(context.session);
}
