export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

export interface MessagingOptions {
  /** Service name: the NATS connection name and the queue group of its handlers. */
  serviceName: string;
  url: string;
  subjectPrefix?: string;
  requestTimeoutMs: number;
  /** How long the event streams keep events (their max_age). */
  eventRetentionMs?: number;
  /** Copies JetStream keeps of each stream (num_replicas; default 1). */
  streamReplicas?: number;
  /** A NATS service's ops HTTP port (/metrics, /health, /ready); unset: none. 0: any free port. */
  metricsPort?: number;
  metricsHost?: string;
}
