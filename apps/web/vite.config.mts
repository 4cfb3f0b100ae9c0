import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const workspace = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The app imports types and a few constants (roles, statuses) from @sigma/contracts, whose id
 * helpers use node:crypto. Those helpers are never bundled (tree-shaken); this stub keeps the
 * browser build from resolving the Node built-in at all.
 */
const nodeCryptoStub: Plugin = {
  name: 'sigma-node-crypto-stub',
  enforce: 'pre',
  resolveId: (id) => (id === 'node:crypto' ? '\0node-crypto-stub' : null),
  load: (id) => (id === '\0node-crypto-stub' ? 'export function randomInt() { throw new Error("node:crypto is not available in the browser"); }' : null),
};

/** The review app. `tools/build/build.js` runs `vite build` into dist/apps/web, which the gateway serves at `/`. */
export default defineConfig({
  root,
  base: '/',
  plugins: [nodeCryptoStub, react()],
  resolve: {
    alias: { '@sigma/contracts': `${workspace}libs/contracts/src/index.ts`, '@sigma/sdk': `${workspace}libs/sdk/src/index.ts` },
  },
  build: { outDir: `${workspace}dist/apps/web`, emptyOutDir: true, target: 'es2022' },
  // `vite` (dev server) proxies the API to a running `npm start`.
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
