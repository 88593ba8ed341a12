/**
 * Throughput of the alda.lisp reader and printer on about 5 MB of forms shaped like the
 * output of `parse -o forms` for a 1 MB score. Prints MB/s; asserts nothing.
 */
import { printAll } from '../src/lisp/printer.js';
import { read } from '../src/lisp/reader.js';

const letters = ['c', 'd', 'e', 'f', 'g', 'a', 'b'];
const lines: string[] = ['(part "piano")', '(tempo 120)'];
let size = 0;
for (let i = 0; size < 5_000_000; i++) {
  const letter = letters[i % 7]!;
  if (i % 16 === 0) lines.push('(barline)');
  if (i % 5 === 0) lines.push(`(note (pitch :${letter} :sharp) (duration (note-length 8 :dots 1)) :slur)`);
  else if (i % 7 === 0) lines.push(`(chord (note (pitch :${letter})) (octave :up) (note (pitch :e) (duration (ms 150.5))))`);
  else lines.push(`(note (pitch :${letter}) (duration (note-length ${1 + (i % 16)})))`);
  size += lines[lines.length - 1]!.length + 1;
}
const text = lines.join('\n') + '\n';
const megabytes = text.length / 1e6;

function best(label: string, run: () => void): void {
  let fastest = Infinity;
  for (let round = 0; round < 7; round++) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  console.log(`${label}: ${fastest.toFixed(1)} ms for ${megabytes.toFixed(2)} MB = ${(megabytes / (fastest / 1000)).toFixed(1)} MB/s`);
}

const forms = read(text);
if (printAll(forms) !== text) throw new Error('the bench text is not canonical; printAll differs');
best('read', () => read(text));
best('printAll', () => printAll(forms));
