import type { Form } from '../../src/lisp/form.js';

/**
 * A form as plain nested data without spans, for comparing forms structurally. Negative
 * zero becomes the string '-0' because deep equality treats 0 and -0 as equal.
 */
export type Shape = string | number | Shape[] | { readonly [kind: string]: Shape };

export function shape(form: Form): Shape {
  switch (form.kind) {
    case 'list':
      return form.items.map(shape);
    case 'quote':
      return { quote: shape(form.form) };
    case 'symbol':
      return { symbol: form.name };
    case 'keyword':
      return { keyword: form.name };
    case 'string':
      return { string: form.value };
    case 'number':
      return Object.is(form.value, -0) ? { number: '-0' } : { number: form.value };
  }
}

/** Every form in pre-order: a form, then what it contains. */
export function preorder(forms: readonly Form[]): Form[] {
  const out: Form[] = [];
  const pending = [...forms].reverse();
  while (pending.length > 0) {
    const form = pending.pop()!;
    out.push(form);
    if (form.kind === 'list') for (let i = form.items.length - 1; i >= 0; i--) pending.push(form.items[i]!);
    if (form.kind === 'quote') pending.push(form.form);
  }
  return out;
}
