/**
 * Item arrays shared between lists. A list's items are immutable, so every `(pitch :c)`
 * and every `(note-length 8)` of a score can point to one frozen array while keeping its
 * own span: at 8 bytes a pointer, each array saved is ~64 bytes, and a 1 MB score has
 * ~225k of them. Each cache is keyed by the token text of one construct and bounded, so
 * odd input (`c++++++…`) cannot grow it forever.
 */
import type { Form } from '../../lisp/form.js';

const LIMIT = 1024;

export class SharedItems {
  readonly #cache = new Map<string, readonly Form[]>();

  get(text: string, build: () => Form[]): readonly Form[] {
    const found = this.#cache.get(text);
    if (found) return found;
    const items = Object.freeze(build());
    if (this.#cache.size < LIMIT) this.#cache.set(text, items);
    return items;
  }
}
