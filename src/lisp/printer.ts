import type { Form } from './form.js';
import { isPlainKeyword, isPlainSymbol } from './syntax.js';

/**
 * Canonical alda.lisp text for forms: `read(print(f))` gives back `f` (spans aside).
 * Printing walks an explicit stack, so a form nested 100,000 deep prints like any other.
 */
export function print(form: Form): string {
  return printInto('', form);
}

/** One top-level form per line, each line ending in a newline (`parse -o forms`). */
export function printAll(forms: readonly Form[]): string {
  let out = '';
  for (const form of forms) out = printInto(out, form) + '\n';
  return out;
}

/** Appends the text of `form` to `out`. V8 concatenates strings as ropes, so `+=` is cheap. */
function printInto(out: string, form: Form): string {
  // Forms still to print, and the closing parens and separating spaces between them.
  const pending: (Form | string)[] = [form];
  while (pending.length > 0) {
    const next = pending.pop()!;
    if (typeof next === 'string') {
      out += next;
      continue;
    }
    switch (next.kind) {
      case 'list': {
        const items = next.items;
        out += '(';
        pending.push(')');
        for (let i = items.length - 1; i > 0; i--) pending.push(items[i]!, ' ');
        if (items.length > 0) pending.push(items[0]!);
        break;
      }
      case 'quote':
        out += "'";
        pending.push(next.form);
        break;
      case 'symbol':
        out += isPlainSymbol(next.name) ? next.name : escapedName(next.name);
        break;
      case 'keyword':
        out += ':' + (isPlainKeyword(next.name) ? next.name : escapedName(next.name));
        break;
      case 'string':
        out += '"' + escaped(next.value, '"') + '"';
        break;
      case 'number':
        out += numberText(next.value);
        break;
    }
  }
  return out;
}

/** `|…|`, for names that would not read back bare (docs/forms.md, Data). */
function escapedName(name: string): string {
  return '|' + escaped(name, '|') + '|';
}

/** `text` with each `\\` and each `delimiter` behind a backslash. */
function escaped(text: string, delimiter: '"' | '|'): string {
  // Most text has nothing to escape; looking first skips building a copy.
  if (text.indexOf('\\') === -1 && text.indexOf(delimiter) === -1) return text;
  let out = '';
  let chunkStart = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '\\' || char === delimiter) {
      out += text.slice(chunkStart, i) + '\\';
      chunkStart = i;
    }
  }
  return out + text.slice(chunkStart);
}

/**
 * The shortest text that reads back to the identical double. NaN and the infinities have
 * no alda.lisp text and the reader never makes them, so meeting one is a programmer's bug.
 */
function numberText(value: number): string {
  if (!Number.isFinite(value)) {
    throw new TypeError(`Cannot print the number ${value}: alda.lisp numbers are finite`);
  }
  return Object.is(value, -0) ? '-0' : String(value);
}
