/**
 * Item arrays shared between lists. A list's items are immutable, so every `(pitch :c)`
 * and every `(note-length 8)` of a score can point to one frozen array while keeping its
 * own span: at 8 bytes a pointer, each array saved is ~64 bytes, and a 1 MB score has
 * ~225k of them. Each cache is keyed by the token text of one construct and bounded, so
 * odd input (`c++++++…`) cannot grow it forever.
 */
import type { Form } from '../../lisp/form.js';
import type { TokenStream } from './tokens.js';

const LIMIT = 1024;

/** Up to 7 ASCII characters fold into one exact number, so short texts need no string. */
const FOLDABLE = 7;

export class SharedItems {
  readonly #byCode = new Map<number, readonly Form[]>();
  readonly #byText = new Map<string, readonly Form[]>();

  /** The items for the text of token `i`, built by `build(text)` the first time. */
  forToken(tokens: TokenStream, i: number, build: (text: string) => Form[]): readonly Form[] {
    const start = tokens.starts[i]!;
    const end = tokens.ends[i]!;
    const text = tokens.text;
    if (end - start <= FOLDABLE) {
      let code = 1;
      for (let k = start; k < end; k++) {
        const c = text.charCodeAt(k);
        if (c > 127) return this.get(text.slice(start, end), build);
        code = code * 128 + c;
      }
      const found = this.#byCode.get(code);
      if (found) return found;
      const items = Object.freeze(build(text.slice(start, end)));
      if (this.#byCode.size < LIMIT) this.#byCode.set(code, items);
      return items;
    }
    return this.get(text.slice(start, end), build);
  }

  get(text: string, build: (text: string) => Form[]): readonly Form[] {
    const found = this.#byText.get(text);
    if (found) return found;
    const items = Object.freeze(build(text));
    if (this.#byText.size < LIMIT) this.#byText.set(text, items);
    return items;
  }
}
