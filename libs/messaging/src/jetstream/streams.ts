import { type JetStreamManager, type NatsConnection, nanos, RetentionPolicy, StorageType, type StreamInfo } from 'nats';
import type { StreamDefinition } from '@sigma/contracts';
import { prefixSubject } from '../subjects';

const DUPLICATE_WINDOW_MS = 2 * 60 * 1000;
export const DEFAULT_EVENT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export function streamName(prefix: string | undefined, stream: StreamDefinition): string {
  return prefix ? `${prefix}_${stream.name}` : stream.name;
}

export function streamSubjects(prefix: string | undefined, stream: StreamDefinition): string[] {
  return stream.subjects.map((subject) => prefixSubject(prefix, subject));
}

/**
 * Creates the stream if it does not exist (publisher and consumers both call this, whichever
 * starts first). File storage; a duplicate window that lets the relay republish safely; `replicas`
 * copies on a clustered JetStream (durable consumers inherit the stream's).
 */
export async function ensureStream(
  nats: NatsConnection,
  prefix: string | undefined,
  stream: StreamDefinition,
  retentionMs = DEFAULT_EVENT_RETENTION_MS,
  replicas = 1,
): Promise<string> {
  const jsm = await nats.jetstreamManager();
  const name = streamName(prefix, stream);
  const subjects = streamSubjects(prefix, stream);
  const current = await info(jsm, name);
  if (current) {
    // Keep the subjects in step with the contract (e.g. an event type added since the stream was made), and the retention and replicas with the settings.
    const sameSubjects = [...current.config.subjects].sort().join(' ') === [...subjects].sort().join(' ');
    if (!sameSubjects || current.config.max_age !== nanos(retentionMs) || current.config.num_replicas !== replicas) {
      await jsm.streams.update(name, { ...current.config, subjects, max_age: nanos(retentionMs), num_replicas: replicas });
    }
    return name;
  }
  try {
    await jsm.streams.add({
      name,
      subjects,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
      max_age: nanos(retentionMs),
      num_replicas: replicas,
    });
  } catch (error) {
    // Another service created it at the same moment.
    if (!(await info(jsm, name))) throw error;
  }
  return name;
}

async function info(jsm: JetStreamManager, name: string): Promise<StreamInfo | undefined> {
  try {
    return await jsm.streams.info(name);
  } catch (error) {
    if ((error as { code?: string }).code === '404' || /not found/i.test((error as Error).message)) return undefined;
    throw error;
  }
}

/** Deletes every stream of a prefix (test clean-up). */
export async function deleteStreams(nats: NatsConnection, prefix: string): Promise<void> {
  const jsm = await nats.jetstreamManager();
  for await (const name of jsm.streams.names()) {
    if (name.startsWith(`${prefix}_`)) await jsm.streams.delete(name);
  }
}
