/** What a worker's main thread and its work thread say to each other. */
export interface ThreadRequest {
  readonly id: string;
  readonly body: Record<string, unknown>;
}

export type ThreadReply =
  | { readonly type: 'started' }
  | { readonly type: 'partial' | 'final'; readonly id: string; readonly body: Record<string, unknown> }
  | { readonly type: 'error'; readonly id: string; readonly code: string; readonly message: string };
