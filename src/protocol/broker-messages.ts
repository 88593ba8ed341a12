import { z } from 'zod';
import { PROTOCOL_VERSION } from './envelope.js';

/**
 * The majordomo messages between the broker and the workers of a service (all but `performer`,
 * whose own commands are in messages.ts). They are checked here on arrival, like every message.
 * This module imports nothing from messages.ts, which includes the client half of it.
 */
const v = z.literal(PROTOCOL_VERSION);
const id = z.string().min(1).max(200);
const body = z.record(z.string(), z.unknown());

/** `compiler`, `exporter`, or any other: lower case, digits, `.`, `_`, `-`; `performer` has its own protocol. */
export const serviceName = z
  .string()
  .regex(/^[a-z][a-z0-9._-]{0,63}$/, 'a service name is 1–64 of a–z 0–9 . _ -, starting with a letter')
  .refine((name) => !name.startsWith('mmi.'), 'names starting with `mmi.` are the broker’s own');

// ── Worker → broker.
export const serviceWorkerMessageSchema = z.discriminatedUnion('type', [
  /** The first message of a worker: it offers `service`. `worker` is stable across its reconnections. */
  z.object({
    v,
    type: z.literal('ready'),
    service: serviceName,
    worker: id,
    pid: z.number().int(),
    /** The protocol versions it speaks; given, the broker answers with a `welcome`. */
    protocol: z.array(z.number().int().positive()).min(1).max(16).optional(),
  }),
  z.object({ v, type: z.literal('heartbeat') }),
  /** Progress on request `id`: any number of these, before its one `final` or `error`. */
  z.object({ v, type: z.literal('partial'), id, body }),
  z.object({ v, type: z.literal('final'), id, body }),
  z.object({ v, type: z.literal('error'), id, code: z.string().min(1).max(100), message: z.string() }),
  /** The worker is leaving: it takes no more requests. */
  z.object({ v, type: z.literal('disconnect') }),
]);
export type ServiceWorkerMessage = z.infer<typeof serviceWorkerMessageSchema>;

// ── Broker → worker.
export const brokerCommandSchema = z.discriminatedUnion('type', [
  /** One request at a time: a worker gets the next only after its `final` or `error`. */
  z.object({ v, type: z.literal('request'), id, service: serviceName, body }),
  /** Its asker gave request `id` up: stop working on it, and answer it with an `error` (`ALDA_CANCELLED`) once stopped. */
  z.object({ v, type: z.literal('cancel'), id }),
  z.object({ v, type: z.literal('heartbeat') }),
  z.object({ v, type: z.literal('disconnect') }),
  /** The answer to a `ready` that carried `protocol`: the version chosen and the heartbeat interval (ms). */
  z.object({ v, type: z.literal('welcome'), protocol: z.number().int().positive(), heartbeat: z.number().positive() }),
]);
export type BrokerCommand = z.infer<typeof brokerCommandSchema>;

// ── Client → server (part of protocol.ts's client requests).
export const serviceRequestSchemas = [
  /** Runs `body` on a worker of `service`; answered with `partial` messages, then one reply (the final body). */
  z.object({
    v,
    type: z.literal('request'),
    id,
    service: serviceName,
    body,
    /** How long it may wait for a worker, in ms. @default the server's expiry (10 s) */
    expiry: z.number().int().min(1).max(3_600_000).optional(),
  }),
  /** Is there a worker for `service`? */
  z.object({ v, type: z.literal('mmi.service'), id, service: z.string().min(1).max(100) }),
] as const;

// ── Server → client.
export const partialSchema = z.object({ v, type: z.literal('partial'), id, body });
