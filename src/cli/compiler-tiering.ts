import { createRequire } from 'node:module';

/** Below this many characters a score is compiled sooner than V8's optimizing compiler pays back. */
const SHORT_SCORE = 200_000;

/**
 * Below this many characters a score is compiled before any flag below makes a difference, and
 * `node:v8`, which the flags are set through, is not loaded: it brings Node's streams with it
 * (30 modules, ≈4 ms and 110 fresh pages of a one-note `parse`). Counted in instructions (all
 * threads), a whole `parse -o data` without the flags against with them: 940 characters 581 M
 * against 586, 1990 603 against 614, 3980 665 against 650, 16 000 1032 against 866.
 */
const TINY_SCORE = 3_000;

/**
 * A one-shot command compiles one score and exits: its young generation need not grow. V8 would
 * double it (up to 16 MB a semi-space, twice over) while the JSON or MIDI of a big score is being
 * written, garbage that dies young; held at the size it has at start, measured here, the peak RSS
 * of `parse -o data` falls from ≈152 to ≈132 MB on a 1 MB score (export: ≈205 to ≈183 MB) and from
 * ≈82 to ≈73 MB on a 100 KB score, for the same CPU. Fewer scavenges do not pay either: a young
 * generation fixed larger (`--min-/--max-semi-space-size` 2, 4, 8, 16 MB) cut them from ≈230 to
 * 117, 58, 28, 14 on the 1 MB score but cost more CPU, not less (best of 6, back to back: 1230 ms
 * at the start size, 1280 at 4 MB, 1330 at 16 MB, and 6–23 MB more RSS; 100 KB: 330, 350 at 2 MB,
 * 410 at 8 MB): each semi-space's pages are touched anew and a 1 MB one stays in the caches.
 *
 * A one-shot command on a short score ends before V8's optimizing compiler (TurboFan, on
 * threads of its own, whose CPU counts too) has paid for itself: measured here, `parse -o
 * data` of a 100 KB score takes ≈30% less CPU without it, while from ≈300 KB on it pays. So a
 * command that compiles one score and exits tells V8, once it knows the score's length, not
 * to optimize for a short one. Never for a long-lived process (server, REPL, performer).
 *
 * On a long score TurboFan pays, but by default it inlines up to 920 bytes of bytecode into each
 * function it compiles, most while the score is still being read; told to inline at most 300, it
 * compiles in less time for the same code speed. Waiting longer before optimizing a function does
 * not pay: the interpreter and baseline code then run longer than compiles are saved. Counted in
 * instructions (valgrind, all threads: the shared machine's CPU time moves ±15% from run to run),
 * `parse -o data` of the 1 MB score: V8's defaults 6.80 G; inlining 300 with the default interrupt
 * budget (67584) 6.16–6.17 G, with a budget of 100000 6.25 G, 132000 6.21 G, 264000 (session 5's
 * choice) 6.46–6.57 G, 528000 7.03 G, 33792 6.48 G; inlining 150 at the default budget 6.27 G.
 * Compiling is then a quarter of the work: without loop peeling (a loop's first pass copied out
 * ahead of it) TurboFan does less of it, 5.97–6.02 G against 6.16–6.19 (no splitting of nodes as
 * well: the same, 6.03 G; a single inlining held to 200 bytes: 6.18 G).
 */
export function tierForScore(length: number): void {
  if (length < TINY_SCORE) return;
  const { setFlagsFromString } = createRequire(import.meta.url)('node:v8') as typeof import('node:v8');
  setFlagsFromString('--semi-space-growth-factor=1');
  if (length < SHORT_SCORE) setFlagsFromString('--no-opt');
  else setFlagsFromString('--max-inlined-bytecode-size-cumulative=300 --no-turbo-loop-peeling');
}
