/** `piano:`, `violin/viola "strings":` → `(part "violin" "viola" :as "strings")`. */
import { list, string } from '../../lisp/form.js';
import type { Form, ListForm } from '../../lisp/form.js';
import { HEAD, KW } from './leaves.js';
import { ifNext, kinds, manyWhile, seq, spanned, textOf, token } from './token-parsers.js';
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

export const partDeclaration: TokParser<ListForm> = spanned(
  seq<[number, [number, number][], number | null, number]>([
    token(TokenKind.Name, CONTEXT),
    manyWhile(kinds(TokenKind.Separator), seq<[number, number]>([token(TokenKind.Separator, CONTEXT), token(TokenKind.Name, CONTEXT)])),
    ifNext(kinds(TokenKind.Alias), token(TokenKind.Alias, CONTEXT)),
    token(TokenKind.Colon, CONTEXT),
  ]),
  ([first, more, alias], span, tokens) => {
    const items: Form[] = [HEAD.part, string(textOf(tokens, first))];
    for (const [, name] of more) items.push(string(textOf(tokens, name)));
    if (alias !== null) items.push(KW.as, string(textOf(tokens, alias).slice(1, -1)));
    return list(items, span);
  },
);
