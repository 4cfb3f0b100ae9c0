import { type Schemas, signIn } from '@sigma/sdk';

/** An editor creates a record; an agent proposes a change to it and submits it for review. */
export async function quickstart(baseUrl = 'http://localhost:3000/api/v1'): Promise<Schemas['ChangeSet']> {
  const editor = await signIn({ baseUrl, username: 'editor', password: 'editor-demo' });
  const created = await editor.POST('/records', {
    body: {
      schemaId: 'schema-apparel',
      values: {
        'product-name': [
          { scope: {}, value: 'Harbour Cardigan' },
          { scope: { 'dim-language': 'seg-da' }, value: 'Havnecardigan' },
        ],
        sku: [{ scope: {}, value: 'HC-001' }],
        price: [{ scope: {}, value: 89.5 }],
      },
    },
  });
  if (!created.data) throw new Error(`Create failed: ${created.error?.code} ${created.error?.message}`);
  const record: Schemas['Record'] = created.data;

  const agent = await signIn({ baseUrl, username: 'agent', password: 'agent-demo' });
  const proposed = await agent.POST('/change-sets', {
    body: {
      title: 'Richer product name',
      source: { type: 'agent', name: 'Copywriter', context: 'Quickstart' },
      operations: [
        {
          type: 'update',
          entityId: record.id,
          schemaId: record.schemaId,
          changes: [{ attributeAlias: 'product-name', oldValue: 'Harbour Cardigan', newValue: 'Harbour Merino Cardigan', confidence: 0.8 }],
        },
      ],
    },
  });
  if (!proposed.data) throw new Error(`Proposal failed: ${proposed.error?.message}`);

  const submitted = await agent.POST('/change-sets/{id}/submit', { params: { path: { id: proposed.data.id } } });
  if (!submitted.data) throw new Error(`Submit failed: ${JSON.stringify(submitted.error?.details)}`);
  return submitted.data; // status 'pending_approval': a reviewer approves and applies it
}
