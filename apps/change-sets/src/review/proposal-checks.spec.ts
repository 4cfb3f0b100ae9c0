import { MAX_REPORTED_ISSUES, type ProposedOperation, TOO_MANY_ISSUES_RULE, type ValidationIssue } from '@sigma/contracts';
import type { RpcClient } from '@sigma/messaging';
import { ProposalChecks } from './proposal-checks';

/** Records' answer to records.value.validate: one issue per change whose newValue is 'bad', capped as records caps them. */
function validatingRecords(): { rpc: RpcClient; requests: number[] } {
  const requests: number[] = [];
  const rpc = {
    request: (_subject: string, { operations }: { operations: ProposedOperation[] }) => {
      requests.push(operations.length);
      const issues: ValidationIssue[] = operations.flatMap((operation) =>
        operation.changes.flatMap((change, index) => (change.newValue === 'bad' ? [{ field: `${operation.field}.changes[${index}].newValue`, rule: 'dataType', message: 'bad' }] : [])),
      );
      const capped = issues.length > MAX_REPORTED_ISSUES ? [...issues.slice(0, MAX_REPORTED_ISSUES), { field: 'operations', rule: TOO_MANY_ISSUES_RULE, message: 'more' }] : issues;
      return Promise.resolve({ issues: capped });
    },
  } as unknown as RpcClient;
  return { rpc, requests };
}

const op = (id: string, badChanges: number) => ({
  id,
  type: 'create' as const,
  schemaId: 'schema-apparel',
  changes: [{ attributeAlias: 'sku', newValue: id }, ...Array.from({ length: badChanges }, () => ({ attributeAlias: 'price', newValue: 'bad' }))],
});

describe('ProposalChecks.findInvalid', () => {
  it('names the operations with an invalid value by id', async () => {
    const { rpc } = validatingRecords();
    const invalid = await new ProposalChecks(rpc).findInvalid([op('op-1', 0), op('op-2', 1), op('op-3', 0)]);
    expect([...invalid]).toEqual(['op-2']);
  });

  it('asks again in halves when an answer was cut at the issue cap, so no invalid operation is missed', async () => {
    const { rpc, requests } = validatingRecords();
    // 300 operations with one or two bad values each: any answer for more than 100 of them is cut.
    const operations = Array.from({ length: 300 }, (_, i) => op(`op-${i}`, i % 3 === 0 ? 2 : 1));
    const invalid = await new ProposalChecks(rpc).findInvalid(operations);
    expect(invalid.size).toBe(300);
    expect(requests[0]).toBe(300);
    expect(requests.length).toBeGreaterThan(1);
  });

  it('counts a single operation whose own issues pass the cap as invalid', async () => {
    const { rpc } = validatingRecords();
    const invalid = await new ProposalChecks(rpc).findInvalid([op('op-many', MAX_REPORTED_ISSUES + 5)]);
    expect([...invalid]).toEqual(['op-many']);
  });
});
