import { APPEND_MAX_LINES } from '@sigma/contracts';
import type { BenchSystem } from './system';

/** A record a bench set updates, with the material it holds now (the change's oldValue). */
export interface MaterialTarget {
  id: string;
  material: string;
  /** schema-apparel unless given. */
  schemaId?: string;
}

/** A submitted (pending approval) set `title` of one material update per target, appended as NDJSON; its id. */
export async function submittedMaterialSet(system: BenchSystem, targets: readonly MaterialTarget[], title: string, label: string): Promise<string> {
  const { body: set } = await system.call<{ id: string }>('POST', '/change-sets', {
    title,
    source: { type: 'integration', id: 'bench', name: 'Bench' },
    operations: [],
  });
  for (let start = 0; start < targets.length; start += APPEND_MAX_LINES) {
    const lines = targets.slice(start, start + APPEND_MAX_LINES).map((target, offset) =>
      JSON.stringify({
        type: 'update',
        entityId: target.id,
        schemaId: target.schemaId ?? 'schema-apparel',
        changes: [{ attributeAlias: 'material', oldValue: target.material, newValue: `Bench ${label} material ${start + offset}` }],
      }),
    );
    await system.postNdjson(`/change-sets/${set.id}/operations`, lines);
  }
  await system.call('POST', `/change-sets/${set.id}/submit`);
  return set.id;
}
