import { readString, readToken } from './atom-reader.js';
import { AldaSyntaxError } from './errors.js';
import { list, quote, type Form } from './form.js';
import { limitOption } from './limit-option.js';
import { CHAR_CLASS, CLOSE, DOUBLE_QUOTE, HASH, OPEN, QUOTE } from './syntax.js';

export interface ReadOptions {
  /**
   * How deeply lists and quotes may nest. Deeper text is a positioned error, so a hostile
   * input cannot exhaust the stack of whatever walks the forms next.
   * @default 10000
   */
  readonly maxDepth?: number;
}

export const DEFAULT_MAX_DEPTH = 10_000;

/**
 * Reads every top-level form of alda.lisp text (docs/forms.md). Each form carries its
 * span. Nesting is tracked on an explicit stack, never by recursion, so depth is limited
 * only by `maxDepth`. Throws AldaSyntaxError at the culprit on malformed text.
 */
export function read(text: string, options: ReadOptions = {}): Form[] {
  const maxDepth = limitOption('maxDepth', options.maxDepth, DEFAULT_MAX_DEPTH);
  const forms: Form[] = [];
  // The open lists and quotes, innermost last: where each opened, and for a list the
  // index in `pending` of its first item (-1 marks a quote, waiting for its one form).
  // Items of all open lists share `pending`; a closing list copies its own out at their
  // exact size, which is far less to allocate (and to collect) than growing an array per list.
  const openedAt: number[] = [];
  const firstItem: number[] = [];
  const pending: Form[] = [];
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    let form: Form;
    if (code <= 32) {
      i++;
      continue;
    } else if (code === OPEN || code === QUOTE) {
      if (openedAt.length >= maxDepth) {
        throw new AldaSyntaxError(
          'LISP_TOO_DEEP',
          `Forms nested more than ${maxDepth} deep`,
          { start: i, end: i + 1 },
        );
      }
      openedAt.push(i);
      firstItem.push(code === OPEN ? pending.length : -1);
      i++;
      continue;
    } else if (code === CLOSE) {
      const start = openedAt.pop();
      const first = firstItem.pop()!;
      if (start === undefined) {
        throw new AldaSyntaxError('LISP_UNEXPECTED_CLOSE', "Unexpected ')' at the top level", {
          start: i,
          end: i + 1,
        });
      }
      if (first === -1) throw nothingQuoted(start);
      i++;
      form = list(pending.slice(first), { start, end: i });
      pending.length = first;
    } else if (code === DOUBLE_QUOTE) {
      form = readString(text, i);
      i = form.span!.end;
    } else if (code === HASH) {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? length : newline;
      continue;
    } else if (code <= 127 && CHAR_CLASS[code] !== 0) {
      throw unexpected(text, i, openedAt.length > 0);
    } else {
      form = readToken(text, i);
      i = form.span!.end;
    }
    // Hand the finished form to whatever waits for it: quotes close over it, one by one,
    // until a list takes it or it is a top-level form.
    let depth = openedAt.length;
    while (depth > 0 && firstItem[depth - 1] === -1) {
      depth--;
      form = quote(form, { start: openedAt[depth]!, end: i });
    }
    openedAt.length = depth;
    firstItem.length = depth;
    if (depth === 0) forms.push(form);
    else pending.push(form);
  }
  const depth = openedAt.length;
  if (depth > 0) {
    const start = openedAt[depth - 1]!;
    if (firstItem[depth - 1] === -1) throw nothingQuoted(start);
    throw new AldaSyntaxError('LISP_UNCLOSED_LIST', 'Unclosed list', { start, end: start + 1 });
  }
  return forms;
}

function nothingQuoted(start: number): AldaSyntaxError {
  return new AldaSyntaxError('LISP_NOTHING_QUOTED', "Expected a form after '", {
    start,
    end: start + 1,
  });
}

/** A delimiter that alda.lisp does not use (`[ ] { }`). */
function unexpected(text: string, at: number, inList: boolean): AldaSyntaxError {
  return new AldaSyntaxError(
    'LISP_UNEXPECTED_CHAR',
    `Unexpected '${text[at]}' ${inList ? 'in list' : 'at the top level'}`,
    { start: at, end: at + 1 },
  );
}
