import { parseAlda } from '../engine/parser/parse.js';
import type { Form, Span } from '../lisp/form.js';

/** A named thing a score declares: what an editor lists as its symbols. */
export interface Declaration {
  readonly kind: 'part' | 'marker' | 'variable';
  readonly name: string;
  /** The declaration's text (a part's is its `piano "p":` header). */
  readonly span: Span;
}

const KINDS: Readonly<Record<string, Declaration['kind']>> = { part: 'part', marker: 'marker', 'set-variable': 'variable' };

/**
 * The parts (with their aliases), markers and variables a score declares, in the order written,
 * read from its forms. A score that does not parse declares nothing that can be trusted: none.
 */
export function scoreOutline(text: string): Declaration[] {
  let forms: readonly Form[];
  try {
    forms = parseAlda(text);
  } catch {
    return [];
  }
  const found: Declaration[] = [];
  const visit = (form: Form): void => {
    if (form.kind === 'quote') return visit(form.form);
    if (form.kind !== 'list') return;
    const [head, ...rest] = form.items;
    const kind = head?.kind === 'symbol' ? KINDS[head.name] : undefined;
    if (kind && form.span) {
      const names = kind === 'part' ? rest : rest.slice(0, 1);
      for (const item of names) if (item.kind === 'string') found.push({ kind, name: item.value, span: form.span });
    }
    for (const item of rest) visit(item);
  };
  forms.forEach(visit);
  return found;
}
