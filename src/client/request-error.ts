import type { SourceSpan } from '../protocol/coded-error.js';

/**
 * The server answered a request with an error (a bad score, an unknown session…); `span` says
 * where a score failed. Apart from the client so that reporting one (`parse`, `export`) does not
 * load ws and the protocol's schemas.
 */
export class RequestError extends Error {
  readonly code: string;
  readonly span: SourceSpan | undefined;
  constructor(code: string, message: string, span?: SourceSpan) {
    super(message);
    this.name = 'RequestError';
    this.code = code;
    this.span = span;
  }

  /** The message without the `FILE:LINE:COL ` prefix it keeps for clients that cannot read spans. */
  get reason(): string {
    if (!this.span) return this.message;
    const prefix = `${this.span.file}:${this.span.line}:${this.span.column} `;
    return this.message.startsWith(prefix) ? this.message.slice(prefix.length) : this.message;
  }
}
