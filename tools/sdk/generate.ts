import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { DOCUMENT_FILE, renderDocument, renderTypes, ROOT, TYPES_FILE } from './sdk-files';

/** `npm run sdk:generate`: writes the OpenAPI document and the SDK's types from the gateway, no running system needed. */
async function main(): Promise<void> {
  const document = await renderDocument();
  writeFileSync(DOCUMENT_FILE, document);
  writeFileSync(TYPES_FILE, renderTypes(document));
  process.stdout.write(`wrote ${relative(ROOT, DOCUMENT_FILE)} and ${relative(ROOT, TYPES_FILE)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`sdk:generate failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
