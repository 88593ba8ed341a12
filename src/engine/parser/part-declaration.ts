/** `piano:`, `violin/viola "strings":` → `(part "violin" "viola" :as "strings")`. */
import { list, string } from '../../lisp/form.js';
import type { Form, ListForm } from '../../lisp/form.js';
import { HEAD, KW } from './leaves.js';
import { moveTo, failed } from './parser-state.js';
import { spanOf, textOf, tokParser } from './token-parsers.js';
import type { TokParser } from './token-parsers.js';
import { TokenKind } from './tokens.js';
import type { TokenStream } from './tokens.js';

const CONTEXT = 'in part declaration';

/** A name followed by `/`, an alias or `:` always starts a part declaration. */
export const looksLikePartDeclaration = (tokens: TokenStream, i: number): boolean => {
  if (tokens.kinds[i] !== TokenKind.Name) return false;
  const next = tokens.kinds[i + 1];
  return next === TokenKind.Alias || next === TokenKind.Separator || next === TokenKind.Colon;
};

/** What a part declaration says, and the token after its colon. */
export interface DeclaredParts {
  readonly names: string[];
  readonly alias: string | null;
  readonly end: number;
}

/**
 * The part declaration whose first name is token `first`: names joined by `/`, an alias, a
 * colon. Where it breaks off, the token that breaks it (a number): the grammar reports it,
 * the plain notation leaves the declaration to the grammar.
 */
export function partDeclarationAt(tokens: TokenStream, first: number): DeclaredParts | number {
  const k = tokens.kinds;
  const names = [textOf(tokens, first)];
  let at = first + 1;
  while (k[at] === TokenKind.Separator) {
    if (k[at + 1] !== TokenKind.Name) return at + 1;
    names.push(textOf(tokens, at + 1));
    at += 2;
  }
  let alias: string | null = null;
  if (k[at] === TokenKind.Alias) alias = textOf(tokens, at++).slice(1, -1);
  if (k[at] !== TokenKind.Colon) return at;
  return { names, alias, end: at + 1 };
}

/** Run where `looksLikePartDeclaration` says a declaration starts. */
export const partDeclaration: TokParser<ListForm> = tokParser((state, tokens) => {
  const declared = partDeclarationAt(tokens, state.index);
  if (typeof declared === 'number') return failed(moveTo(state, null, declared), { unexpected: declared, context: CONTEXT });
  const items: Form[] = [HEAD.part];
  for (const name of declared.names) items.push(string(name));
  if (declared.alias !== null) items.push(KW.as, string(declared.alias));
  return moveTo(state, list(items, spanOf(tokens, state.index, declared.end - 1)), declared.end);
});
