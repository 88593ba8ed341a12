import type { Span } from '../../lisp/form.js';
import type { AttributeChange } from './attribute.js';
import type { Duration } from './duration.js';
import type { Pitch } from './pitch.js';

/**
 * What evaluating an alda.lisp form yields when the form means "do something to the
 * score": the counterpart of Alda's ScoreUpdate. Updates are plain immutable data; the
 * score applies them (see apply.ts).
 */
export type Update =
  | { readonly type: 'note'; readonly pitch: Pitch; readonly duration: Duration | null; readonly slurred: boolean; readonly span?: Span }
  | { readonly type: 'rest'; readonly duration: Duration | null; readonly span?: Span }
  | { readonly type: 'chord'; readonly events: readonly Update[]; readonly span?: Span }
  | { readonly type: 'cram'; readonly events: readonly Update[]; readonly duration: Duration | null; readonly span?: Span }
  | { readonly type: 'sequence'; readonly events: readonly Update[]; readonly span?: Span }
  | { readonly type: 'repeat'; readonly event: Update; readonly times: number; readonly span?: Span }
  | { readonly type: 'on-repetitions'; readonly ranges: readonly RepetitionRange[]; readonly event: Update; readonly span?: Span }
  | { readonly type: 'part'; readonly names: readonly string[]; readonly alias: string | null; readonly span?: Span }
  | { readonly type: 'voice'; readonly number: number; readonly span?: Span }
  | { readonly type: 'end-voices'; readonly span?: Span }
  | { readonly type: 'marker'; readonly name: string; readonly span?: Span }
  | { readonly type: 'at-marker'; readonly name: string; readonly span?: Span }
  | { readonly type: 'set-variable'; readonly name: string; readonly events: readonly Update[]; readonly span?: Span }
  | { readonly type: 'get-variable'; readonly name: string; readonly span?: Span }
  | { readonly type: 'barline'; readonly span?: Span }
  | { readonly type: 'attribute'; readonly change: AttributeChange; readonly global: boolean; readonly span?: Span };

export interface RepetitionRange {
  readonly first: number;
  readonly last: number;
}

export const appliesTo = (ranges: readonly RepetitionRange[], repetition: number): boolean =>
  ranges.some((range) => range.first <= repetition && repetition <= range.last);
