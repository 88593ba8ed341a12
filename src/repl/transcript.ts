/**
 * What the REPL has printed, as data: the Ink app renders each entry once, above the prompt,
 * and the command interpreter's tests read them without a terminal.
 */
export type Entry =
  /** An input as it was typed, echoed after the prompt. */
  | { readonly kind: 'input'; readonly text: string }
  /** A command's answer. */
  | { readonly kind: 'output'; readonly text: string }
  /** Something happened that the user should know of (a reconnection, another client's line). */
  | { readonly kind: 'notice'; readonly text: string }
  | { readonly kind: 'error'; readonly error: ReplError };

/** An error to show under the input: the message, and where in the input it is, if known. */
export interface ReplError {
  readonly message: string;
  /** The error's stable code (`ALDA_…`, or the engine's). */
  readonly code?: string | undefined;
  readonly at?: SourcePoint | undefined;
  /** What most likely went wrong, where the message is exact but cryptic. */
  readonly hint?: string | undefined;
}

export interface SourcePoint {
  /** 1-based line within the input. */
  readonly line: number;
  /** 1-based column, in code points. */
  readonly column: number;
  /** The text of that line. */
  readonly text: string;
  /** True when it is the input's last line, which the echo just showed. */
  readonly isLast: boolean;
}

/** Where the REPL's output goes: the transcript in the app, an array in tests. */
export type Print = (entry: Entry) => void;
