/** What a sink in a request may name that the server acts on: a file it writes, a program it runs. */
export interface RequestedSink {
  readonly record?: unknown;
  readonly browser?: unknown;
}

/** The sinks a client request names: an `eval`'s, `live`'s or `join`'s, a play job's. */
export function requestedSinks(request: { readonly type: string } & Record<string, unknown>): RequestedSink[] {
  const sinks = [request.sink as RequestedSink | undefined];
  if (request.type === 'job.submit') sinks.push((request.do as { sink?: RequestedSink }).sink);
  return sinks.filter((sink) => typeof sink === 'object' && sink !== null) as RequestedSink[];
}
