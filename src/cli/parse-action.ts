import { printAll } from '../lisp/printer.js';
import { evaluateText } from '../engine/compile.js';
import { parseAlda } from '../engine/parser/parse.js';
import { toParsedEvents } from '../engine/parsed-events.js';
import { Score } from '../engine/score.js';
import { writeScoreData } from '../engine/score-data.js';
import { reportError } from './report-error.js';
import { tierForScore } from './compiler-tiering.js';
import { LOCAL_SCORE_LENGTH, readScoreInput, type ScoreInputOptions } from './score-input.js';
import { goJson } from '../engine/go-json.js';
import { writeStdoutSync } from './write-stdout.js';

export interface ParseOptions extends ScoreInputOptions {
  readonly output: 'data' | 'events' | 'forms';
}

/** Runs `alda-live parse` (loaded only when that command runs: it brings the engine). */
export function runParse(options: ParseOptions): void {
  let input: { text: string; name: string } | undefined;
  try {
    input = readScoreInput(options);
    tierForScore(input.text.length);
    const out = (text: string) => writeStdoutSync(Buffer.from(text));
    const limits = { maxLength: LOCAL_SCORE_LENGTH };
    if (options.output === 'forms') {
      out(printAll(parseAlda(input.text, limits)));
    } else if (options.output === 'events') {
      out(goJson(toParsedEvents(parseAlda(input.text, limits))) + '\n');
    } else {
      const score = new Score();
      evaluateText(score, input.text, undefined, limits);
      writeScoreData(score.state, writeStdoutSync);
    }
  } catch (error) {
    reportError(error, input?.text, input?.name);
  }
}
