import { compile } from '../engine/compile.js';
import { parseAlda } from '../engine/parser/parse.js';
import { Score } from '../engine/score.js';
import type { Form } from '../lisp/form.js';

/**
 * The REPL's copy of its session: the text evaluated so far (what `:score text` shows and
 * `:save` writes), and the score it evaluates to, kept incrementally beside the server's, for
 * `:score data`, `:parts`, `:export` and completion without a round trip.
 */
export class ScoreMirror {
  #text = '';
  #score = new Score();

  get text(): string {
    return this.#text;
  }

  get score(): Score {
    return this.#score;
  }

  /** An input the server took; `forms` are its parse, when the caller already has them. */
  append(code: string, forms?: readonly Form[]): void {
    this.#text += code.trim() + '\n';
    try {
      this.#score.evaluate(forms ?? parseAlda(code));
    } catch {
      // The server took it, so the mirror missed something (a line it never saw): start it again from the text.
      this.#score = rebuilt(this.#text);
    }
  }

  /** A new score: empty (`:new`), or a file's text (`:load`) already evaluated by the caller. */
  replace(text: string, score: Score = rebuilt(text)): void {
    this.#text = text === '' || text.endsWith('\n') ? text : text + '\n';
    this.#score = score;
  }
}

function rebuilt(text: string): Score {
  try {
    return compile(text).score;
  } catch {
    return new Score();
  }
}
