import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@sigma/config';
import { startTestSystem, type TestSystem } from '@sigma/testing';

const SCRIPT = join(repoRoot(), 'tools/quickstart/change-set-journey.sh');

/** The README's curl quickstart, run as a newcomer would against a fresh demo workspace. */
describe('the README curl quickstart (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'quickstart' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('is in the README verbatim', () => {
    const script = readFileSync(SCRIPT, 'utf8').trimEnd();
    expect(readFileSync(join(repoRoot(), 'README.md'), 'utf8')).toContain(`\`\`\`sh\n${script}\n\`\`\``);
  });

  it('takes a change set from an agent API key through revision, approval and apply to the audit trail', async () => {
    const { stdout } = await promisify(execFile)('bash', [SCRIPT], { env: { ...process.env, API: system.baseUrl }, timeout: 60000 }).catch((error: { stdout: string; stderr: string }) => {
      throw new Error(`the quickstart failed:\n${error.stdout}\n${error.stderr}`);
    });
    // One line per step; JSON answers parsed (their key order is the database's).
    const lines = stdout.trimEnd().split('\n').map((line) => (line.startsWith('{') ? JSON.parse(line) : line));
    expect(lines).toEqual([
      'pending_approval',
      'pending_approval',
      { good: 0, bad: 1, unrated: 0, snippets: 0, message: 'Which certification?' },
      'revision_requested',
      'agent',
      'pending_approval',
      'approved',
      { applied: 1, skipped: 0, errors: [] },
      'Organic cotton',
      expect.stringMatching(/^cs_/),
    ]);
    const changeSetId = lines[9];
    const set = (await system.api.as('reviewer', 'GET', `/change-sets/${changeSetId}`)).body;
    expect(set).toMatchObject({ status: 'applied', revisionCount: 1, source: { type: 'agent', name: 'Quickstart agent' } });
    const keys = (await system.api.as('admin', 'GET', '/api-keys?userId=user-agent')).body.items;
    expect(keys).toEqual([expect.objectContaining({ name: 'Quickstart agent', role: 'role-agent', lastUsedAt: expect.any(String) })]);
  });
});
