import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DOCUMENT_FILE, renderDocument, renderTypes, ROOT, TYPES_FILE } from './sdk-files';

/** Names the file and its first differing line instead of diffing thousands of lines. */
function expectCurrent(file: string, current: string): void {
  const committed = readFileSync(file, 'utf8');
  if (committed === current) return;
  const a = committed.split('\n');
  const b = current.split('\n');
  const line = a.findIndex((text, index) => text !== b[index]);
  throw new Error(
    `${relative(ROOT, file)} is stale: run \`npm run sdk:generate\` and commit the result.\n` +
      `first difference at line ${line + 1}:\n  committed: ${a[line] ?? '(end)'}\n  generated: ${b[line] ?? '(end)'}`,
  );
}

/** The committed document and SDK types are what `npm run sdk:generate` writes now. */
describe('libs/sdk is current', () => {
  it('has the document the gateway serves', async () => {
    expectCurrent(DOCUMENT_FILE, await renderDocument());
  });

  it('has the types generated from that document', () => {
    expectCurrent(TYPES_FILE, renderTypes(readFileSync(DOCUMENT_FILE, 'utf8')));
  });
});

describe('the README\'s SDK example', () => {
  it('is the type-checked example file, verbatim', () => {
    const example = readFileSync(join(ROOT, 'tools/sdk/examples/quickstart.ts'), 'utf8').trimEnd();
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`\`\`\`ts\n${example}\n\`\`\``);
  });
});

describe('the generated types', () => {
  it('type every property and parameter: none comes out as unknown or as an object that takes nothing', () => {
    const untyped = readFileSync(TYPES_FILE, 'utf8')
      .split('\n')
      .map((text, index) => ({ line: index + 1, text: text.trim() }))
      // Response headers other than the documented ones are open by nature; the two top-level empties are openapi-typescript's own.
      .filter(({ text }) => !/^(\*|\/\*)/.test(text) && /[:|(<]\s*unknown\b|Record<string, never>/.test(text))
      .filter(({ text }) => !/^\[name: string\]: unknown;$|^export type (webhooks|\$defs) =/.test(text));
    expect(untyped).toEqual([]);
  });
});

describe('the license', () => {
  it('is the one LICENSE holds, in package.json and in the API document', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };
    const document = JSON.parse(readFileSync(DOCUMENT_FILE, 'utf8')) as { info: { license?: { name: string; url?: string } } };
    expect(readFileSync(join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    expect(pkg.license).toBe('Apache-2.0');
    expect(document.info.license).toEqual({ name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' });
  });
});
