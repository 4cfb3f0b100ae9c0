import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ErrorCode as NatsErrorCode, type Msg, type NatsConnection, NatsError } from 'nats';
import {
  DomainError,
  ErrorCodes,
  isDomainErrorBody,
  type RpcContext,
  type RpcReplyEnvelope,
  type RpcRequest,
  type RpcRequestEnvelope,
  type RpcResponse,
  type Subject,
} from '@sigma/contracts';
import { rpcClientDuration, secondsSince } from './observability/metrics';
import { encodePayload, type JsonBytes, jsonBytes, payloadBytes } from './payload-codec';
import { decodeReply, isDataReply, isReplayedDataReply } from './reply-codec';
import { ReplyMeta, RequestContext } from './request-context';
import { prefixSubject } from './subjects';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './tokens';


export interface RequestOptions {
  timeoutMs?: number;
  /** Overrides the ambient request context (e.g. a change set applying on a user's behalf). */
  context?: Partial<RpcContext>;
}

/**
 * Once the process is shutting down, a request still waiting this long after that answers 503,
 * so what waits on it (an HTTP request, an apply) ends and the process exits 0 before the
 * shutdown deadline (SHUTDOWN_DEADLINE_MS) rather than waiting out a 60 s apply.
 */
export const SHUTDOWN_REQUEST_GRACE_MS = 6000;

/** Typed request/reply over NATS core. Remote domain errors come back as the same DomainError. */
@Injectable()
export class RpcClient implements OnModuleDestroy {
  private cutOff: () => void = () => undefined;
  /** Rejects SHUTDOWN_REQUEST_GRACE_MS after shutdown began; every request races it. */
  private readonly shutdownCutOff = new Promise<never>((_, reject) => {
    this.cutOff = () => reject(new DomainError(ErrorCodes.serviceUnavailable, 'Shutting down; retry the request'));
  });
  private cutOffTimer?: NodeJS.Timeout;

  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {
    this.shutdownCutOff.catch(() => undefined);
  }

  /** The first shutdown phase: in-flight requests get the grace period, then a 503. */
  onModuleDestroy(): void {
    this.cutOffTimer ??= setTimeout(() => this.cutOff(), SHUTDOWN_REQUEST_GRACE_MS);
    this.cutOffTimer.unref();
  }

  /** Sends the request; its latency and outcome (`ok` or the error code) go to sigma_nats_request_duration_seconds. */
  async request<S extends Subject>(subject: S, data: RpcRequest<S>, options: RequestOptions = {}): Promise<RpcResponse<S>> {
    return this.timed(subject, async () => this.unwrap(subject, await decodeReply<RpcResponse<S>>(await this.send(subject, data, options))));
  }

  /**
   * As `request`, but the answer stays JSON bytes: for a caller that only passes it on (an HTTP
   * answer), so an answer its handler built as JSON text is never parsed on the way.
   */
  async requestJson<S extends Subject>(subject: S, data: RpcRequest<S>, options: RequestOptions = {}): Promise<JsonBytes<RpcResponse<S>>> {
    return this.timed(subject, async () => {
      const reply = await this.send(subject, data, options);
      // Only a data reply (the handler built JSON text) is passed on as it came.
      if (!isDataReply(reply)) return jsonBytes(this.unwrap(subject, await decodeReply<RpcResponse<S>>(reply)));
      if (isReplayedDataReply(reply)) ReplyMeta.markReplayed();
      return (await payloadBytes(reply.data, reply.headers)) as JsonBytes<RpcResponse<S>>;
    });
  }

  private async timed<T>(subject: Subject, call: () => Promise<T>): Promise<T> {
    const started = process.hrtime.bigint();
    let outcome = 'ok';
    try {
      return await call();
    } catch (error) {
      outcome = error instanceof DomainError ? error.code : ErrorCodes.internal;
      throw error;
    } finally {
      rpcClientDuration.observe({ subject, outcome }, secondsSince(started));
    }
  }

  private async send<S extends Subject>(subject: S, data: RpcRequest<S>, options: RequestOptions): Promise<Msg> {
    const ambient = RequestContext.current();
    const context: RpcContext = { requestId: ambient?.requestId ?? 'internal', ...ambient, ...options.context };
    const envelope: RpcRequestEnvelope = { context, data };
    const timeout = options.timeoutMs ?? this.options.requestTimeoutMs;
    const payload = await encodePayload(envelope);
    try {
      const request = this.nats.request(prefixSubject(this.options.subjectPrefix, subject), payload.data, { timeout, headers: payload.headers });
      return await Promise.race([request, this.shutdownCutOff]);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw toTransportError(subject, timeout, error);
    }
  }

  private unwrap<T>(subject: Subject, body: RpcReplyEnvelope<T>): T {
    if (body.ok) {
      if (body.replayed) ReplyMeta.markReplayed();
      return body.data;
    }
    if (isDomainErrorBody(body.error)) throw DomainError.fromBody(body.error);
    throw new DomainError(ErrorCodes.internal, `Malformed error reply from ${subject}`);
  }
}

function toTransportError(subject: string, timeout: number, error: unknown): DomainError {
  const service = subject.split('.')[0];
  if (error instanceof NatsError && error.code === NatsErrorCode.NoResponders) {
    return new DomainError(ErrorCodes.serviceUnavailable, `The ${service} service is not available`, { service });
  }
  if (error instanceof NatsError && error.code === NatsErrorCode.Timeout) {
    return new DomainError(ErrorCodes.timeout, `The ${service} service did not answer within ${timeout} ms`, { service });
  }
  return new DomainError(ErrorCodes.serviceUnavailable, `Messaging failure calling ${service}`, { service });
}
