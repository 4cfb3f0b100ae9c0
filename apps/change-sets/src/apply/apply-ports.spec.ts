import type { NatsConnection } from 'nats';
import { APPLY_PROGRESSED_SUBJECT, type ApplyProgressed } from '@sigma/contracts';
import { metricsRegistry, type RpcClient } from '@sigma/messaging';
import type { AuditConfirmations } from './audit-confirmations';
import { natsApplyPorts } from './apply-ports';

/** Progress goes out as an event on its subject and as the gauge of running applies. */
describe('natsApplyPorts: progress', () => {
  const published: { subject: string; data: string }[] = [];
  const nats = { publish: (subject: string, data: string) => published.push({ subject, data }) } as unknown as NatsConnection;
  const ports = natsApplyPorts({} as RpcClient, {} as AuditConfirmations, nats, 'pfx');

  async function gauge(changeSetId: string): Promise<Record<string, number>> {
    const metric = await metricsRegistry.getSingleMetric('sigma_change_set_apply_operations')?.get();
    return Object.fromEntries(
      (metric?.values ?? []).filter((value) => value.labels.change_set_id === changeSetId).map((value) => [String(value.labels.state), value.value]),
    );
  }

  it('publishes each progress on the prefixed subject', () => {
    const progress: ApplyProgressed = { changeSetId: 'cs-event', done: 3, applied: 2, failed: 1, total: 10 };
    ports.publishProgress(progress);
    expect(published.at(-1)).toEqual({ subject: `pfx.${APPLY_PROGRESSED_SUBJECT}`, data: JSON.stringify(progress) });
  });

  it('sets the gauge per state while the apply runs and removes the set once it is done', async () => {
    ports.publishProgress({ changeSetId: 'cs-metric', done: 500, applied: 499, failed: 1, total: 2000 });
    expect(await gauge('cs-metric')).toEqual({ applied: 499, failed: 1, total: 2000 });
    ports.publishProgress({ changeSetId: 'cs-metric', done: 2000, applied: 1998, failed: 2, total: 2000 });
    expect(await gauge('cs-metric')).toEqual({});
  });
});
