import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const workspace = fileURLToPath(new URL('../..', import.meta.url));

/** Component tests of the review app (jsdom); `npm test` runs them next to Jest and counts them in its summary line. */
export default defineConfig({
  root,
  plugins: [react()],
  resolve: { alias: { '@sigma/contracts': `${workspace}libs/contracts/src/index.ts`, '@sigma/sdk': `${workspace}libs/sdk/src/index.ts` } },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
    // A .only left in a test file must fail the run, not hide the rest.
    allowOnly: false,
  },
});
