import { Environment } from '../../lisp/evaluate.js';
import { ALDA2_DIALECT, INLINE_LISP_NAMES } from '../inline-lisp.js';
import { ATTRIBUTE_BUILTINS } from './attributes.js';
import { EVENT_BUILTINS } from './events.js';
import { PITCH_AND_DURATION_BUILTINS } from './pitch-and-duration.js';

/** The alda.lisp vocabulary: everything a score may call, and nothing else. */
export const ALDA_ENVIRONMENT = new Environment(
  [...EVENT_BUILTINS, ...PITCH_AND_DURATION_BUILTINS, ...ATTRIBUTE_BUILTINS],
  new Map([[ALDA2_DIALECT, INLINE_LISP_NAMES]]),
);
