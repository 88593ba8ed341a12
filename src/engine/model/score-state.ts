import { AldaEvalError } from '../../lisp/errors.js';
import type { Span } from '../../lisp/form.js';
import { GlobalAttributes } from './global-attributes.js';
import { EventLog } from './event-log.js';
import type { Part, PartIdentity } from './part.js';
import type { Update } from './update.js';
import type { Work } from './estimate.js';

/**
 * Everything an evaluation can change, in one place. `draft()` copies it so that a batch
 * of forms can be applied all-or-nothing: the copy is committed only if every form
 * succeeds. The event log is shared and only appended to; a failed batch truncates it.
 */
export class ScoreState {
  parts: Part[] = [];
  currentParts: Part[] = [];
  aliases = new Map<string, Part[]>();
  readonly events: EventLog;
  globals = new GlobalAttributes();
  markers = new Map<string, number>();
  variables = new Map<string, readonly Update[]>();
  /** Channel → the identities of the parts that have used it. */
  channelUsage: PartIdentity[][] = Array.from({ length: 16 }, () => []);
  partCounter = 0;
  chordMode = false;
  /**
   * While a repeat or a variable reference is applied, the estimates of the work of the updates
   * inside it (see estimateWork), kept for the repeats and references nested in it; null between.
   */
  estimates: Map<object, Work> | null = null;

  constructor(events = new EventLog()) {
    this.events = events;
  }

  draft(): ScoreState {
    const memo = new Map<object, unknown>();
    const copyPart = (part: Part) => part.snapshot(memo);
    const copy = new ScoreState(this.events);
    copy.parts = this.parts.map(copyPart);
    copy.currentParts = this.currentParts.map(copyPart);
    for (const [alias, parts] of this.aliases) copy.aliases.set(alias, parts.map(copyPart));
    copy.globals = this.globals.clone();
    copy.markers = new Map(this.markers);
    copy.variables = new Map(this.variables);
    copy.channelUsage = this.channelUsage.map((users) => [...users]);
    copy.partCounter = this.partCounter;
    return copy;
  }

  nextPartId(): string {
    this.partCounter++;
    return `part${String(this.partCounter).padStart(3, '0')}`;
  }

  variable(name: string, span: Span | undefined): readonly Update[] {
    const events = this.variables.get(name);
    if (!events) throw new AldaEvalError('ALDA_UNDEFINED_VARIABLE', `undefined variable: ${name}`, span);
    return events;
  }
}
