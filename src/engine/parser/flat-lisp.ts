/**
 * The S-expressions a score writes most, a call of atoms (`(tempo 90)`, `(vol 50)`, `(p)`) or
 * of atoms and quoted lists of atoms (`(key-sig '(g minor))`), read straight from the tokens
 * into the very form the grammar's `lispList` reads: the plain notation takes them with no
 * parser state per token. Anything else (a list inside, a quoted atom, a syntax error) is
 * undefined, left to the grammar, which reads it and reports its errors as ever.
 */
import { list, quote, type Form, type ListForm } from '../../lisp/form.js';
import { lispAtomAt } from './lisp-sexp.js';
import { MAX_NESTING, spanOf } from './token-parsers.js';
import { TokenKind, type TokenStream } from './tokens.js';

/** The S-expression at token `i`, `depth` events deep, and the token after it; undefined where it is not one of these. */
export function flatLispAt(tokens: TokenStream, i: number, depth: number): { form: ListForm; end: number } | undefined {
  // The grammar refuses a list as deep as MAX_NESTING, and a quoted one inside it one level sooner.
  if (tokens.kinds[i] !== TokenKind.LeftParen || depth + 1 >= MAX_NESTING) return undefined;
  const items: Form[] = [];
  let at = i + 1;
  while (tokens.kinds[at] !== TokenKind.RightParen) {
    if (tokens.kinds[at] === TokenKind.SingleQuote && tokens.kinds[at + 1] === TokenKind.LeftParen) {
      const inner: Form[] = [];
      const close = atomsUntilClose(tokens, at + 2, inner);
      if (close < 0) return undefined;
      items.push(quote(list(inner, spanOf(tokens, at + 1, close)), spanOf(tokens, at, close)));
      at = close + 1;
      continue;
    }
    const atom = lispAtomAt(tokens, at);
    if (atom === undefined) return undefined;
    items.push(atom);
    at++;
  }
  return { form: list(items, spanOf(tokens, i, at)), end: at + 1 };
}

/** Reads atoms from token `at` into `items` up to a `)`: its index, or -1 where another token comes first. */
function atomsUntilClose(tokens: TokenStream, at: number, items: Form[]): number {
  while (tokens.kinds[at] !== TokenKind.RightParen) {
    const atom = lispAtomAt(tokens, at);
    if (atom === undefined) return -1;
    items.push(atom);
    at++;
  }
  return at;
}
