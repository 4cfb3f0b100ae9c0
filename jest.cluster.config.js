// `npm run test:cluster`: the cluster fault suite (tools/**/*.cluster-spec.ts), apart from `npm test`
// because it runs its own 3-node NATS cluster and two replicas of every service, and kills them.
const main = require('./jest.config.js');

const { displayName, testMatch, ...base } = main.projects.find((project) => project.displayName === 'e2e');

module.exports = {
  testTimeout: 1200000,
  globalSetup: main.globalSetup,
  ...base,
  displayName: 'cluster',
  testMatch: ['<rootDir>/tools/**/*.cluster-spec.ts'],
};
