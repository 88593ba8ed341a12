/**
 * Note lengths, as Alda adds them up: beat-based components scale with the tempo,
 * millisecond components do not.
 */
export type DurationComponent =
  | { readonly kind: 'note-length'; readonly denominator: number; readonly dots: number }
  | { readonly kind: 'beats'; readonly beats: number }
  | { readonly kind: 'ms'; readonly ms: number }
  | { readonly kind: 'seconds'; readonly seconds: number }
  | { readonly kind: 'barline' }
  | { readonly kind: 'tie'; readonly duration: Duration };

export interface Duration {
  readonly components: readonly DurationComponent[];
}

export const QUARTER: Duration = { components: [{ kind: 'note-length', denominator: 4, dots: 0 }] };

export function noteLengthBeats(denominator: number, dots: number): number {
  return (4 / denominator) * (2 - Math.pow(2, -dots));
}

/** Beats in a duration, or null when a component is absolute (ms, s) and so has no beat count. */
export function durationBeats(duration: Duration): number | null {
  let beats = 0;
  for (const component of duration.components) {
    switch (component.kind) {
      case 'note-length':
        beats += noteLengthBeats(component.denominator, component.dots);
        break;
      case 'beats':
        beats += component.beats;
        break;
      case 'barline':
        break;
      case 'tie': {
        const inner = durationBeats(component.duration);
        if (inner === null) return null;
        beats += inner;
        break;
      }
      default:
        return null;
    }
  }
  return beats;
}

/** Alda's Duration.Validate: what is wrong with the first length that is not positive, or null. */
export function nonPositiveLength(duration: Duration): string | null {
  const components = duration.components;
  for (let i = 0; i < components.length; i++) {
    const component = components[i]!;
    switch (component.kind) {
      case 'note-length':
        if (!(component.denominator > 0)) return 'The note length must be a positive number.';
        break;
      case 'beats':
        if (!(component.beats > 0)) return 'The number of beats must be positive.';
        break;
      case 'ms':
        if (!(component.ms > 0)) return 'The number of milliseconds must be positive.';
        break;
      case 'seconds':
        if (!(component.seconds > 0)) return 'The number of seconds must be positive.';
        break;
      case 'tie': {
        const problem = nonPositiveLength(component.duration);
        if (problem) return problem;
        break;
      }
      case 'barline':
        break;
    }
  }
  return null;
}

/** Milliseconds of a duration at a tempo (quarter notes per minute). */
export function durationMs(duration: Duration, tempo: number): number {
  let ms = 0;
  const components = duration.components;
  for (let i = 0; i < components.length; i++) ms += componentMs(components[i]!, tempo);
  return ms;
}

function componentMs(component: DurationComponent, tempo: number): number {
  switch (component.kind) {
    case 'note-length':
      return noteLengthBeats(component.denominator, component.dots) * (60000 / tempo);
    case 'beats':
      return component.beats * (60000 / tempo);
    case 'ms':
      return component.ms;
    case 'seconds':
      return component.seconds * 1000;
    case 'barline':
      return 0;
    case 'tie':
      return durationMs(component.duration, tempo);
  }
}

/** Alda's JSON for a duration, as in `parse -o data`'s part state. */
export function durationJson(duration: Duration): unknown {
  return { components: duration.components.map(componentJson) };
}

function componentJson(component: DurationComponent): unknown {
  switch (component.kind) {
    case 'note-length':
      return { denominator: component.denominator, dots: component.dots };
    case 'beats':
      return { beats: component.beats };
    case 'ms':
      return { ms: component.ms };
    case 'seconds':
      return { s: component.seconds };
    case 'barline':
      return { type: 'barline' };
    case 'tie':
      return durationJson(component.duration);
  }
}
