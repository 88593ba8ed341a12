import { AldaEvalError } from '../../lisp/errors.js';
import type { Span } from '../../lisp/form.js';
import { GlobalAttributes } from './global-attributes.js';
import { EventLog } from './event-log.js';
import type { Part, PartIdentity } from './part.js';
import type { Update } from './update.js';
import type { Work } from './estimate.js';

/** What a state holds besides its event log: a draft's copies, or a fresh state's defaults. */
interface Contents {
  readonly parts: Part[];
  readonly currentParts: Part[];
  readonly aliases: Map<string, Part[]>;
  readonly globals: GlobalAttributes;
  readonly markers: Map<string, number>;
  readonly variables: Map<string, readonly Update[]>;
  readonly channelUsage: PartIdentity[][];
  readonly partCounter: number;
}

/**
 * Everything an evaluation can change, in one place. `draft()` copies it so that a batch
 * of forms can be applied all-or-nothing: the copy is committed only if every form
 * succeeds. The event log is shared and only appended to; a failed batch truncates it.
 */
export class ScoreState {
  parts: Part[];
  currentParts: Part[];
  aliases: Map<string, Part[]>;
  readonly events: EventLog;
  globals: GlobalAttributes;
  markers: Map<string, number>;
  variables: Map<string, readonly Update[]>;
  /** Channel → the identities of the parts that have used it. */
  channelUsage: PartIdentity[][];
  partCounter: number;
  chordMode = false;
  /**
   * While a repeat or a variable reference is applied, the estimates of the work of the updates
   * inside it (see estimateWork), kept for the repeats and references nested in it; null between.
   */
  estimates: Map<object, Work> | null = null;

  /**
   * `contents`: a draft's copies. Given whole, not assigned over a fresh state's defaults: every
   * evaluation drafts the score, and those defaults (three maps, seventeen arrays, the globals)
   * were made only to be thrown away.
   */
  constructor(events = new EventLog(), contents: Contents = fresh()) {
    this.events = events;
    this.parts = contents.parts;
    this.currentParts = contents.currentParts;
    this.aliases = contents.aliases;
    this.globals = contents.globals;
    this.markers = contents.markers;
    this.variables = contents.variables;
    this.channelUsage = contents.channelUsage;
    this.partCounter = contents.partCounter;
  }

  draft(): ScoreState {
    const memo = new Map<object, unknown>();
    const copyPart = (part: Part) => part.snapshot(memo);
    const aliases = new Map<string, Part[]>();
    const parts = this.parts.map(copyPart);
    const currentParts = this.currentParts.map(copyPart);
    for (const [alias, aliased] of this.aliases) aliases.set(alias, aliased.map(copyPart));
    return new ScoreState(this.events, {
      parts,
      currentParts,
      aliases,
      globals: this.globals.clone(),
      markers: new Map(this.markers),
      variables: new Map(this.variables),
      channelUsage: this.channelUsage.map((users) => [...users]),
      partCounter: this.partCounter,
    });
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

function fresh(): Contents {
  return {
    parts: [],
    currentParts: [],
    aliases: new Map(),
    globals: new GlobalAttributes(),
    markers: new Map(),
    variables: new Map(),
    channelUsage: Array.from({ length: 16 }, () => []),
    partCounter: 0,
  };
}
