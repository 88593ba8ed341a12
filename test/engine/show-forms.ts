/** Forms as alda.lisp text, for readable test tables (not the project's printer). */
import type { Form } from '../../src/lisp/form.js';

export function show(form: Form): string {
  switch (form.kind) {
    case 'list':
      return `(${form.items.map(show).join(' ')})`;
    case 'symbol':
      return form.name;
    case 'keyword':
      return `:${form.name}`;
    case 'number':
      return String(form.value);
    case 'string':
      return JSON.stringify(form.value);
    case 'quote':
      return `'${show(form.form)}`;
  }
}

export const showAll = (forms: readonly Form[]): string => forms.map(show).join(' ');
