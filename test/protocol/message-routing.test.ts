import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { hubRequestSchema } from '../../src/protocol/hub-requests.js';
import { HUB_REQUEST_TYPES } from '../../src/protocol/message-routing.js';

test("the hub's request types, read before any schema, are those of hubRequestSchema", () => {
  const types = hubRequestSchema.options.map((option) => option.shape.type.value);
  assert.equal([...HUB_REQUEST_TYPES].sort(), [...types].sort());
});

test.run();
