import { connect } from 'nats';
import { deleteStreams } from '@sigma/messaging';
import { TEST_NATS_URL } from './test-database';

/** Removes the JetStream streams a test run created under its subject prefix. */
export async function deletePrefixStreams(prefix: string): Promise<void> {
  const nats = await connect({ servers: TEST_NATS_URL });
  try {
    await deleteStreams(nats, prefix);
  } finally {
    await nats.close();
  }
}
