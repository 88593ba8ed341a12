/** What a worker's main thread and its work thread say to each other. */
export interface ThreadRequest {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

/**
 * An answer comes back already encoded as the wire message (`text`, `bytes` long): turning a big
 * score into JSON, or cloning it between threads as objects, would hold up the main thread,
 * whose heartbeats must keep flowing.
 */
export type ThreadReply =
  | { readonly type: 'started' }
  | { readonly type: 'partial' | 'final' | 'error'; readonly id: string; readonly text: string; readonly bytes: number };
