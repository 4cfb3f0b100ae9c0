#!/usr/bin/env node
'use strict';
/**
 * `node tools/build/run.js <entry> [args…]`: builds dist/ when a source changed, then runs the
 * compiled entry (e.g. `tools/start/main`) in this same process, so signals reach it directly.
 * The entry sees its own arguments in process.argv.slice(2), as if run as `node <entry>.js`.
 */
const path = require('node:path');
const { build, OUT } = require('./build');

const [entry] = process.argv.splice(2, 1);
if (!entry) {
  process.stderr.write('usage: node tools/build/run.js <entry, e.g. tools/start/main> [args…]\n');
  process.exit(64);
}

build({ log: (line) => process.stderr.write(`${line}\n`) }).then(
  () => {
    const file = path.join(OUT, entry.replace(/\.[jt]s$/, '') + '.js');
    process.argv[1] = file;
    require(file);
  },
  (error) => {
    process.stderr.write(`build failed: ${error.stack ?? error}\n`);
    process.exit(1);
  },
);
