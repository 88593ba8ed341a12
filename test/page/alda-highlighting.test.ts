import { StringStream } from '@codemirror/language';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { aldaStreamParser, tagOf, type HighlightState } from '../../src/page/alda-highlighting.js';

/** Every token of `lines` with its tag, as the page's editor sees them (tokens without a tag left out). */
function tokens(...lines: string[]): string[] {
  const state: HighlightState = aldaStreamParser.startState!(2);
  const out: string[] = [];
  for (const line of lines) {
    const stream = new StringStream(line, 2, 2);
    while (!stream.eol()) {
      stream.start = stream.pos;
      const tag = aldaStreamParser.token(stream, state);
      if (stream.pos <= stream.start) throw new Error(`no progress at ${stream.pos} of ${line}`);
      if (tag && stream.current().trim() !== '') out.push(`${stream.current()}:${tag}`);
    }
  }
  return out;
}

/** The scopes the VS Code extension's grammar test checks (plugins/vscode/test/score.test.alda), as the page's tags. */
const cases: { label: string; given: string[]; expect: string[] }[] = [
  { label: 'a part with an alias, notes, octaves and a duration', given: ['piano "p": o4 c8 d+ > e'], expect: ['piano:typeName', '"p":string', '::punctuation', 'o4:keyword', 'c:atom', '8:number', 'd:atom', '+:atom', '>:operator', 'e:atom'] },
  { label: 'a comment runs to the end of the line', given: ['c # d e'], expect: ['c:atom', '# d e:comment'] },
  { label: 'an S-expression: its head, numbers, keywords, strings', given: ['(tempo 120) (key-sig "f+") (octave :up)'], expect: ['(:bracket', 'tempo:macroName', '120:number', '):bracket', '(:bracket', 'key-sig:macroName', '"f+":string', '):bracket', '(:bracket', 'octave:macroName', ':up:atom', '):bracket'] },
  { label: 'an S-expression over two lines', given: ['(tempo', '  90)'], expect: ['(:bracket', 'tempo:macroName', '90:number', '):bracket'] },
  { label: 'variables, markers, voices, repeats', given: ['riff = c d', 'piano: V1: riff*2 %verse @verse'], expect: ['riff:variableName.definition', '=:operator', 'c:atom', 'd:atom', 'piano:typeName', '::punctuation', 'V1::controlKeyword', 'riff:variableName', '*2:operator', '%verse:labelName', '@verse:labelName'] },
];

for (const { label, given, expect } of cases) {
  test(`highlighting: ${label}`, () => {
    assert.equal(tokens(...given), expect);
  });
}

test('a scope no tag fits is left uncoloured', () => {
  assert.is(tagOf('meta.sexp.alda'), null);
  assert.is(tagOf(undefined), null);
});

test.run();
