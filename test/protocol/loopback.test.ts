import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isLoopbackUrl } from '../../src/protocol/loopback.js';

test('a URL is loopback by its host: IPv4, IPv6 (in brackets) and localhost are; any other address is not', () => {
  for (const url of ['ws://127.0.0.1:27713', 'ws://[::1]:27713/performer', 'ws://localhost:1']) assert.ok(isLoopbackUrl(url), url);
  for (const url of ['ws://192.168.1.20:27713', 'ws://[fe80::1]:1', 'ws://example.org']) assert.not.ok(isLoopbackUrl(url), url);
});

test.run();
