import { z } from 'zod';
import { brokerCommandSchema, partialSchema, serviceWorkerMessageSchema } from './broker-messages.js';
import { componentManifestSchema } from './component-manifest.js';
import { PROTOCOL_VERSION } from './envelope.js';
import { hubRequestSchema } from './hub-requests.js';
import { clientRequestSchema, formSchema, serverToClientSchema, sinkOptionsSchema, timedMessageSchema, transformAnswerSchema, transformRequestSchema } from './messages.js';
import { performerCommandSchema, performerResultSchemas, workerMessageSchema } from './performer-messages.js';

/** Who sends a message to whom. */
type Party = 'client' | 'server' | 'performer' | 'worker';

/** One message in the index: its direction, its `type`, and where its schema is. */
interface IndexEntry {
  readonly from: Party;
  readonly to: Party;
  readonly type: string;
  readonly $ref: string;
}

/** The schemas of a discriminated union, by their `type`. */
function byType(union: { options: readonly z.ZodType[] }): [string, z.ZodType][] {
  return union.options.map((option) => [((option as z.ZodObject).shape.type as z.ZodLiteral<string>).value, option]);
}

const DIRECTIONS: readonly { prefix: string; from: Party; to: Party; messages: [string, z.ZodType][] }[] = [
  { prefix: 'request', from: 'client', to: 'server', messages: [...byType(clientRequestSchema), ...byType(hubRequestSchema)] },
  { prefix: 'answer', from: 'server', to: 'client', messages: [...byType(serverToClientSchema), ['partial', partialSchema]] },
  { prefix: 'performer', from: 'performer', to: 'server', messages: byType(workerMessageSchema) },
  { prefix: 'command', from: 'server', to: 'performer', messages: byType(performerCommandSchema) },
  { prefix: 'worker', from: 'worker', to: 'server', messages: byType(serviceWorkerMessageSchema) },
  { prefix: 'broker', from: 'server', to: 'worker', messages: byType(brokerCommandSchema) },
];

/**
 * The protocol as one JSON Schema (draft 2020-12), generated from the zod schemas every message
 * is checked against: `$defs` holds a schema per message (`request.eval`, `command.schedule`,
 * …), the `result` of a performer's reply to each command (`result.schedule`), the shared
 * pieces (`form`, `timedMessage`, `sink`), a component manifest (`component`) and what a
 * transformer is asked and answers (`transform.request`, `transform.answer`); `index` lists
 * the messages with their direction; the root accepts any one message. Schemas describe what a
 * side accepts: fields it does not know are ignored, not refused.
 */
export function protocolJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  registry.add(formSchema, { id: 'form' });
  registry.add(timedMessageSchema, { id: 'timedMessage' });
  registry.add(sinkOptionsSchema, { id: 'sink' });
  registry.add(componentManifestSchema, { id: 'component' });
  registry.add(transformRequestSchema, { id: 'transform.request' });
  registry.add(transformAnswerSchema, { id: 'transform.answer' });
  const index: IndexEntry[] = [];
  for (const { prefix, from, to, messages } of DIRECTIONS) {
    for (const [type, schema] of messages) {
      registry.add(schema, { id: `${prefix}.${type}` });
      index.push({ from, to, type, $ref: `#/$defs/${prefix}.${type}` });
    }
  }
  for (const [command, schema] of Object.entries(performerResultSchemas)) registry.add(schema, { id: `result.${command}` });
  const { schemas } = z.toJSONSchema(registry, { io: 'input', target: 'draft-2020-12', uri: (id) => `#/$defs/${id}` });
  const defs = Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _schema, $id: _id, ...schema }]) => [id, schema]));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `The alda-live protocol, version ${PROTOCOL_VERSION}`,
    description:
      'Every message of the alda-live protocol (docs/protocol.md). `index` gives each message its direction; a performer\'s reply to command X carries `result` as `$defs/result.X`.',
    version: PROTOCOL_VERSION,
    index,
    anyOf: index.map(({ $ref }) => ({ $ref })),
    $defs: Object.fromEntries(Object.entries(defs).sort(([a], [b]) => a.localeCompare(b))),
  };
}
