import nx from '@nx/eslint-plugin';

/** Module boundaries: apps talk through contracts and shared libs, never to each other. */
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:testing', 'type:sdk'] },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:util', 'type:sdk'] },
  // The generated API client stands alone: it is built from the OpenAPI document, not from the code behind it.
  { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:contracts', 'type:util'] },
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  ...['gateway', 'records', 'workflow', 'audit', 'change-sets', 'webhooks', 'mcp'].map((app) => ({
    sourceTag: `scope:${app}`,
    onlyDependOnLibsWithTags: ['scope:shared', `scope:${app}`],
  })),
  // The review app runs in the browser: contracts (types, constants) and the API client only; its browser tests use libs/testing.
  { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['type:contracts', 'type:sdk', 'type:testing'] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/node_modules', '**/dist', '.data/**', '.nx/**', 'tmp/**', 'bench/results/**', 'coverage/**', 'libs/sdk/src/generated/**'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name=/^(HttpException|BadRequestException|NotFoundException|ForbiddenException|UnauthorizedException|ConflictException)$/]",
          message: 'Throw a DomainError (libs/contracts); the gateway maps it to HTTP in one filter.',
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, allow: [], depConstraints }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Browser code never reaches the test harness (Node only), and calls the API only through the generated SDK.
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@sigma/testing', message: 'Node-only test harness; not for the browser bundle.' }] }],
      'no-restricted-globals': [
        'error',
        ...['fetch', 'XMLHttpRequest', 'EventSource'].map((name) => ({ name, message: 'Call the API through the generated SDK (apps/web/src/api).' })),
      ],
    },
  },
  {
    // The MCP server is a client of the public HTTP API: no service's database or bus.
    files: ['apps/mcp/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['@sigma/db', '@sigma/messaging', 'nats', 'pg', 'typeorm'].map((name) => ({
            name,
            message: 'apps/mcp reaches Sigma PIM only through the HTTP API (apps/mcp/src/api).',
          })),
        },
      ],
    },
  },
  {
    // ... and calls it only through the generated SDK; the API module hands the SDK its transport.
    files: ['apps/mcp/src/**/*.ts'],
    ignores: ['apps/mcp/src/api/sigma-api.ts', 'apps/mcp/src/**/*.spec.ts'],
    rules: { 'no-restricted-globals': ['error', { name: 'fetch', message: 'Call the API through the generated SDK (apps/mcp/src/api/sigma-api.ts).' }] },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'apps/web/src/**/*.test.ts', 'apps/web/src/**/*.test.tsx'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
