// `npm run test:faults`: the fault tests (apps/**/*.faults-spec.ts), apart from `npm test` because
// they run their own PostgreSQL and NATS servers and restart them. Same transform as jest.config.js.
const main = require('./jest.config.js');

const { displayName, testMatch, ...base } = main.projects.find((project) => project.displayName === 'e2e');

module.exports = {
  testTimeout: 600000,
  globalSetup: main.globalSetup,
  ...base,
  displayName: 'faults',
  testMatch: ['<rootDir>/apps/**/*.faults-spec.ts'],
};
