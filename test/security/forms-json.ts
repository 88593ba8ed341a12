import type { Form } from '../../src/lisp/form.js';

/**
 * Forms as JSON text without recursion, so that a test can send forms nested deeper than
 * JSON.stringify can follow (the server must answer them, not the test crash making them).
 */
export function formsJson(forms: readonly Form[]): string {
  const out: string[] = ['['];
  const stack: (Form | string)[] = [']'];
  const pushAll = (items: readonly Form[]) => {
    for (let i = items.length - 1; i >= 0; i--) {
      stack.push(items[i]!);
      if (i > 0) stack.push(',');
    }
  };
  pushAll(forms);
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (typeof top === 'string') {
      out.push(top);
      continue;
    }
    const span = top.span ? `,"span":${JSON.stringify(top.span)}` : '';
    if (top.kind === 'list') {
      out.push(`{"kind":"list"${span},"items":[`);
      stack.push(']}');
      pushAll(top.items);
    } else if (top.kind === 'quote') {
      out.push(`{"kind":"quote"${span},"form":`);
      stack.push('}');
      stack.push(top.form);
    } else {
      out.push(JSON.stringify(top));
    }
  }
  return out.join('');
}
