'use strict';
// e2e and fault tests spawn the services from dist/ exactly as `npm start` runs them: build first.
const { build } = require('./build');

module.exports = async () => {
  await build({ log: (line) => process.stderr.write(`\n${line}\n`) });
};
