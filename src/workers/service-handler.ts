/** What a worker does with one request's body: resolves with the final body, reporting progress through `partial`. */
export type ServiceHandler = (body: Record<string, unknown>, partial: (body: Record<string, unknown>) => void) => Promise<Record<string, unknown>>;

/** A request a worker cannot do (bad body, a score that does not compile, a file it cannot write): answered with `error`. */
export class ServiceFailure extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = 'ServiceFailure';
    this.code = code;
  }
}
