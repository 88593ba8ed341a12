/**
 * The parser's building blocks. The grammar runs arcsecond over the token kinds (one
 * byte per token, EOF last), so `state.index` is a token index and a parser may look
 * at any token's span and text through the stream in `state.data`.
 *
 * Alda's parser is recursive descent that backtracks in two places (a tie that turns
 * out to be a slur, scanned in duration.ts; a chord that turns out to be a lone note).
 * These combinators follow Parsec's rule to match it: a parser that fails without
 * consuming lets the caller try something else, one that fails after consuming is an
 * error, and `attempt` turns the latter into the former where Alda backtracks.
 */
import { Parser, recursiveParser, sequenceOf } from 'arcsecond';
import type { ParserState } from 'arcsecond';
import type { Form, Span } from '../../lisp/form.js';
import { failed, moveTo } from './parser-state.js';
import { kindName, TokenKind } from './tokens.js';
import type { TokenStream } from './tokens.js';

/**
 * A grammar failure. Most failures are only a parser declining a token (an optional
 * part that is absent), so the common case stores the token and context, and the
 * message is written only for the failure that ends the parse.
 */
export type ParseProblem =
  | { readonly unexpected: number; readonly context: string }
  | { readonly code: string; readonly message: string; readonly span: Span };

export interface GrammarContext {
  readonly tokens: TokenStream;
  /** How many events and S-expressions are open around the current token. */
  depth: number;
}

/** Deeper nesting than this is refused rather than risk the JavaScript stack. */
export const MAX_NESTING = 200;

/** An event is one form, or several (a voice group's markers and events, inline). */
export type Event = Form | readonly Form[];

export type TokState = ParserState<unknown, ParseProblem, GrammarContext>;
export type TokParser<T> = Parser<T, ParseProblem, GrammarContext>;

/** A parser written by hand over the tokens; the caller states its result type. */
export const tokParser = <T>(fn: (state: TokState, tokens: TokenStream) => TokState): TokParser<T> =>
  new Parser((state) => fn(state, (state.data as GrammarContext).tokens)) as TokParser<T>;

export const spanOf = (tokens: TokenStream, first: number, last: number): Span => ({
  start: tokens.starts[first]!,
  end: tokens.ends[last]!,
});

export const textOf = (tokens: TokenStream, i: number): string => tokens.text.slice(tokens.starts[i], tokens.ends[i]);

/** The final message and span: "Unexpected <kind> `<text>` <context>", as Alda's unexpectedTokenError. */
export function describeProblem(tokens: TokenStream, problem: ParseProblem): { code: string; message: string; span: Span } {
  if (!('unexpected' in problem)) return problem;
  const i = problem.unexpected;
  const text = textOf(tokens, i);
  return {
    code: 'ALDA_UNEXPECTED_TOKEN',
    message: `Unexpected ${kindName(tokens.kinds[i]!)}${text ? ` \`${text}\`` : ''} ${problem.context}`,
    span: spanOf(tokens, i, i),
  };
}

export const problemAt = (tokens: TokenStream, i: number, code: string, message: string): ParseProblem => ({
  code,
  message,
  span: spanOf(tokens, i, i),
});

/** One token of `kind`; its result is the token's index. */
export const token = (kind: TokenKind, context: string): TokParser<number> =>
  tokParser((state, tokens) =>
    tokens.kinds[state.index] === kind
      ? moveTo(state, state.index, state.index + 1)
      : failed(state, { unexpected: state.index, context }),
  );

/** Fails, consuming nothing, with Alda's message for whatever token is next. */
export const unexpected = (context: string): TokParser<never> =>
  tokParser((state) => failed(state, { unexpected: state.index, context }));

/** arcsecond's `sequenceOf`, typed for this grammar (its own typings assume string errors). */
export const seq = <T extends unknown[]>(parsers: { [K in keyof T]: TokParser<T[K]> }): TokParser<T> =>
  sequenceOf(parsers as unknown as Parser<unknown>[]) as unknown as TokParser<T>;

/** arcsecond's `recursiveParser`: the grammar's cycles (events in events, lists in lists). */
export const recursive = <T>(thunk: () => TokParser<T>): TokParser<T> =>
  recursiveParser(thunk as unknown as () => Parser<T>) as unknown as TokParser<T>;

/**
 * The closing token of a bracketed construct. At EOF the construct is unterminated;
 * before anything else, `element` is run to report why it could not go on.
 */
export const closing = (kind: TokenKind, unterminated: string, element: TokParser<unknown>): TokParser<number> =>
  byKind<number>(
    {
      [kind]: token(kind, ''),
      [TokenKind.EOF]: tokParser((state, tokens) =>
        failed(state, problemAt(tokens, state.index, 'ALDA_UNTERMINATED', unterminated)),
      ),
    },
    element as TokParser<never>,
  );

/** A set of token kinds, for the checks below. */
export const kinds = (...members: TokenKind[]): Uint8Array => {
  const set = new Uint8Array(256);
  for (const k of members) set[k] = 1;
  return set;
};

/**
 * `p` when the next token is one of `first`, else null without trying it. On the hot
 * paths (accidentals, durations, repeats) this avoids building a failure per note.
 */
export const ifNext = <T>(first: Uint8Array, p: TokParser<T>): TokParser<T | null> =>
  tokParser((state, tokens) => (first[tokens.kinds[state.index]!] ? p.p(state) : moveTo(state, null, state.index)));

/**
 * Parsec's `many`, trying `p` only while the next token is one of `first`: it stops at a
 * failure that consumed nothing and propagates any other.
 */
export const manyWhile = <T>(first: Uint8Array, p: TokParser<T>): TokParser<T[]> =>
  tokParser((state, tokens) => {
    const results: T[] = [];
    let current: TokState = state;
    while (first[tokens.kinds[current.index]!]) {
      const out = p.p(current);
      if (out.isError) {
        if (out.index !== current.index) return out;
        break;
      }
      results.push(out.result as T);
      current = out;
    }
    return moveTo(current, results, current.index);
  });

/** On failure, rewind to where `p` started, so that callers may try something else. */
export const attempt = <T>(p: TokParser<T>): TokParser<T> =>
  tokParser((state) => {
    const out = p.p(state);
    return out.isError ? failed(state, out.error) : out;
  });

/** Choose a parser by the kind of the next token, as Alda's `match` chains do. */
export const byKind = <T>(table: Partial<Record<number, TokParser<T>>>, otherwise: TokParser<T>): TokParser<T> => {
  const dense: TokParser<T>[] = [];
  for (let k = 0; k < 256; k++) dense[k] = table[k] ?? otherwise;
  return tokParser((state, tokens) => dense[tokens.kinds[state.index]!]!.p(state));
};

/** Build the result from what `p` matched and the span of the tokens it consumed. */
export const spanned = <T, U>(p: TokParser<T>, build: (value: T, span: Span, tokens: TokenStream) => U): TokParser<U> =>
  tokParser((state, tokens) => {
    const out = p.p(state);
    if (out.isError) return out;
    return moveTo(out, build(out.result as T, spanOf(tokens, state.index, out.index - 1), tokens), out.index);
  });

/**
 * `p`, and then, only when the next token is of `kind`, that token too, with `wrap`
 * building the result. When it is absent nothing is allocated: this is how a repeat
 * (`*3`) or repetitions (`'1-2`) follow an event.
 */
export const withSuffix = <T>(
  p: TokParser<T>,
  kind: TokenKind,
  wrap: (value: T, suffix: number, span: Span, tokens: TokenStream) => T,
): TokParser<T> =>
  tokParser((state, tokens) => {
    const out = p.p(state);
    if (out.isError || tokens.kinds[out.index] !== kind) return out;
    return moveTo(out, wrap(out.result as T, out.index, spanOf(tokens, state.index, out.index), tokens), out.index + 1);
  });

/**
 * Events until `stop` holds at the next token, flattened into one list. Every failure
 * propagates: Alda reports the first event it cannot parse.
 */
export const eventsUntil = (stop: (tokens: TokenStream, i: number, first: number) => boolean, event: TokParser<Event>): TokParser<Form[]> =>
  tokParser((state, tokens) => {
    const forms: Form[] = [];
    let current: TokState = state;
    while (!stop(tokens, current.index, state.index)) {
      const out = event.p(current);
      if (out.isError) return out;
      const value = out.result;
      if (Array.isArray(value)) for (const f of value as readonly Form[]) forms.push(f);
      else forms.push(value as Form);
      current = out;
    }
    return moveTo(current, forms, current.index);
  });

/** Guards recursion: events inside events, lists inside lists. */
export const nested = <T>(p: TokParser<T>): TokParser<T> =>
  tokParser((state, tokens) => {
    const ctx = state.data as GrammarContext;
    if (ctx.depth >= MAX_NESTING) {
      return failed(state, problemAt(tokens, state.index, 'ALDA_NESTING_TOO_DEEP', `Nesting deeper than ${MAX_NESTING} levels`));
    }
    ctx.depth++;
    try {
      return p.p(state);
    } finally {
      ctx.depth--;
    }
  });

export const atEnd = (tokens: TokenStream, i: number): boolean => tokens.kinds[i] === TokenKind.EOF;
