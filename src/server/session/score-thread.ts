import { parentPort } from 'node:worker_threads';
import { lowerThisThread } from '../../processes/background-priority.js';
import { wireError } from '../../protocol/coded-error.js';
import { EngineScore } from './engine-score.js';
import type { EvalInput } from './evaluator.js';
import type { PackedEvaluated, ScoreReply, ScoreRequest } from './score-thread-messages.js';
import { PackedBatch } from './timed-batch.js';

/**
 * A score thread (thread-score.ts): the scores of the sessions given to it, each by its id,
 * evaluated here so that the server's event loop never stalls on one. One request at a time, in
 * order.
 */
const scores = new Map<number, EngineScore>();

// A 1 MB score keeps this thread busy for seconds: below the performers, whose notes would wait for it.
lowerThisThread();

function handle(request: ScoreRequest): unknown {
  const score = scores.get(request.score) ?? new EngineScore();
  scores.set(request.score, score);
  switch (request.op) {
    case 'evaluate': {
      const { messages, ...evaluated } = score.evaluate(request.input as EvalInput);
      return { ...evaluated, messages: (messages as PackedBatch).withChunks().columns } satisfies PackedEvaluated;
    }
    case 'replay':
      for (const input of request.inputs) score.evaluate(input);
      return score.size;
    case 'revert':
      score.revert();
      return undefined;
    case 'check':
      return score.check(request.input as EvalInput);
    case 'drop':
      scores.delete(request.score);
      return undefined;
  }
}

parentPort!.on('message', (request: ScoreRequest) => {
  let reply: ScoreReply;
  try {
    reply = { seq: request.seq, value: handle(request) };
  } catch (error) {
    const failure = wireError(error);
    reply = failure ? { seq: request.seq, failure } : { seq: request.seq, crash: (error as Error).stack ?? String(error) };
  }
  // The columns are handed over (transferred, not copied).
  const columns = (reply.value as Partial<PackedEvaluated> | undefined)?.messages;
  parentPort!.postMessage(reply, columns ? [columns.t.buffer as ArrayBuffer, columns.d.buffer as ArrayBuffer, columns.p.buffer as ArrayBuffer] : []);
});
