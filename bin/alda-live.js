#!/usr/bin/env node
// CommonJS (bin/package.json), so that Node starts without its ES module loader: src/cli/start.ts.
require('../dist/bundle/start.cjs');
