/**
 * Inline S-expressions: `(tempo 90)`, `(key-sig '(a major))`. They pass through as
 * alda.lisp forms, each leaf with its own span; `:x` reads as the keyword `x`.
 */
import { keyword, list, number, quote, string, symbol } from '../../lisp/form.js';
import type { Form, ListForm, Span } from '../../lisp/form.js';
import { byKind, closing, kinds, manyWhile, nested, recursive, seq, spanned, spanOf, textOf, token, tokParser, unexpected } from './token-parsers.js';
import type { TokParser } from './token-parsers.js';
import { lispNumber } from './token-values.js';
import { ALDA2_DIALECT } from '../inline-lisp.js';
import { TokenKind, type TokenStream } from './tokens.js';
import { moveTo } from './parser-state.js';

type AtomBuilder = (text: string, span: Span) => Form;

/** Symbols of inline Lisp belong to Alda 2's smaller dialect (docs/forms.md). */
const symbolAtom: AtomBuilder = (text, span) =>
  text.length > 1 && text.startsWith(':') ? keyword(text.slice(1), span, ALDA2_DIALECT) : symbol(text, span, ALDA2_DIALECT);
const numberAtom: AtomBuilder = (text, span) => number(lispNumber(text), span);
const stringAtom: AtomBuilder = (text, span) => string(text.slice(1, -1), span);

/** The atom (symbol, number, string) at token `i`, as the grammar reads it; undefined for any other token. */
export function lispAtomAt(tokens: TokenStream, i: number): Form | undefined {
  const kind = tokens.kinds[i];
  const build = kind === TokenKind.Symbol ? symbolAtom : kind === TokenKind.Number ? numberAtom : kind === TokenKind.String ? stringAtom : undefined;
  return build?.(textOf(tokens, i), spanOf(tokens, i, i));
}

const atom = (build: AtomBuilder): TokParser<Form> =>
  tokParser((state, tokens) => moveTo(state, build(textOf(tokens, state.index), spanOf(tokens, state.index, state.index)), state.index + 1));

const lispSymbol = atom(symbolAtom);
const lispNumberAtom = atom(numberAtom);
const lispStringAtom = atom(stringAtom);

const ELEMENT_START = kinds(TokenKind.SingleQuote, TokenKind.Symbol, TokenKind.Number, TokenKind.String, TokenKind.LeftParen);

const lispForm: TokParser<Form> = byKind<Form>(
  {
    [TokenKind.Symbol]: lispSymbol,
    [TokenKind.Number]: lispNumberAtom,
    [TokenKind.String]: lispStringAtom,
    [TokenKind.LeftParen]: recursive(() => lispList),
  },
  unexpected('in S-expression'),
);

/** `'x` is `x` unevaluated. */
const element: TokParser<Form> = tokParser((state, tokens) => {
  if (tokens.kinds[state.index] !== TokenKind.SingleQuote) return lispForm.p(state);
  const out = lispForm.p(moveTo(state, null, state.index + 1));
  if (out.isError) return out;
  return moveTo(out, quote(out.result as Form, spanOf(tokens, state.index, out.index - 1)), out.index);
});

export const lispList: TokParser<ListForm> = nested(
  spanned(
    seq<[number, Form[], number]>([
      token(TokenKind.LeftParen, 'in S-expression'),
      manyWhile(ELEMENT_START, element),
      closing(TokenKind.RightParen, 'unterminated S-expression', element),
    ]),
    ([, items], span) => list(items, span),
  ),
);
