import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Performer } from '../../src/performer/performer.js';
import { TimelineReckoning } from '../../src/server/session/timeline-reckoning.js';

const test = suite('TimelineReckoning: where a batch lands, before the performer says');

/** A hand-cranked clock whose timers never fire: only where batches land is looked at. */
function clock(start: number) {
  const clock = { t: start, now: () => clock.t, setTimer: () => undefined, clearTimer: () => undefined, pause: () => undefined };
  return clock;
}

test('with no delay between them, the reckoning places every batch where the performer does', () => {
  const ours = clock(1000);
  const theirs = clock(50);
  const reckoning = new TimelineReckoning(10, ours.now);
  const performer = new Performer({ lookahead: 10, clock: theirs });
  assert.is(reckoning.position(), null);
  for (const [advance, start, continues] of [[0, 0, false], [120, 0, false], [5, 300, true], [900, 250, false], [3000, 400, false]] as const) {
    ours.t += advance;
    theirs.t += advance;
    const shift = reckoning.place(start, continues);
    const placed = performer.schedule(start, [{ t: start, d: [0x90, 60, 100] }], continues);
    assert.is(shift, placed.shift);
    assert.is(reckoning.position(), performer.position());
    reckoning.heard(performer.position(), placed.shift);
  }
  performer.stop();
});

test('an answer that took its time puts time 0 no later than it says; the earliest bound is kept', () => {
  const ours = clock(0);
  const reckoning = new TimelineReckoning(10, ours.now);
  reckoning.place(0, false);
  assert.is(reckoning.position(), -10, 'guessed: one lookahead after the first batch went out');
  ours.t = 30;
  reckoning.heard(5);
  assert.is(reckoning.position(), 5, 'time 0 at 25 or earlier');
  ours.t = 40;
  reckoning.heard(17);
  assert.is(reckoning.position(), 17, 'a quicker answer: time 0 at 23 or earlier');
  ours.t = 50;
  reckoning.heard(20);
  assert.is(reckoning.position(), 27, 'a slower one changes nothing');
});

test('a shift the performer reports is taken when it is further on; a reset starts a new timeline', () => {
  const ours = clock(0);
  const reckoning = new TimelineReckoning(10, ours.now);
  assert.is(reckoning.place(100, false), -100);
  reckoning.heard(-10, 40);
  assert.is(reckoning.place(100, true), 40);
  reckoning.heard(-10, 20);
  assert.is(reckoning.place(100, false), 40, 'a shift never goes back');
  reckoning.reset();
  assert.is(reckoning.position(), null);
  assert.is(reckoning.place(100, false), -100);
});

test.run();
