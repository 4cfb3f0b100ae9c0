import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Msg, NatsConnection, Subscription } from 'nats';
import { DomainError, ErrorCodes, type RpcReplyEnvelope, type RpcRequestEnvelope } from '@sigma/contracts';
import { rpcServerDuration, secondsSince } from './observability/metrics';
import { classifyInfrastructureError } from './infrastructure-errors';
import { decodePayload, encodePayload, encodeText, JsonText } from './payload-codec';
import { dataReplyHeaders } from './reply-codec';
import { ReplyMeta, type ReplyMetaState, RequestContext } from './request-context';
import { RPC_HANDLER_METADATA } from './rpc-handler.decorator';
import { prefixSubject } from './subjects';
import { MESSAGING_OPTIONS, NATS_CONNECTION, type MessagingOptions } from './tokens';


type Handler = (data: unknown, context: RpcRequestEnvelope['context']) => Promise<unknown>;

/**
 * Finds every @RpcHandler method and serves it on NATS core, in the service's queue group so
 * replicas share the load. Domain errors go back as error replies; anything else is logged
 * and answered as `internal` without leaking its message. Each request is timed
 * (sigma_nats_handler_duration_seconds by subject and outcome) and logged at debug level.
 */
@Injectable()
export class RpcServer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RpcServer');
  private readonly subscriptions: Subscription[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const seen = new Set<string>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object') continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const subject = this.reflector.get<string | undefined>(RPC_HANDLER_METADATA, instance[method] as () => unknown);
        if (!subject) continue;
        if (seen.has(subject)) throw new Error(`Two handlers for subject ${subject}`);
        seen.add(subject);
        this.serve(subject, (instance[method] as Handler).bind(instance));
      }
    }
    // The server knows the subscriptions once flushed: only then is the service ready for requests.
    await this.nats.flush();
    this.logger.log(`Serving ${seen.size} subjects as ${this.options.serviceName}`);
  }

  /** Stop taking requests but finish the ones in flight before the connection drains. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled(this.subscriptions.map((subscription) => subscription.drain()));
    await Promise.allSettled([...this.inFlight]);
  }

  private serve(subject: string, handler: Handler): void {
    const subscription = this.nats.subscribe(prefixSubject(this.options.subjectPrefix, subject), {
      queue: this.options.serviceName,
      callback: (error, msg) => {
        if (error) {
          this.logger.error(`Subscription ${subject} failed: ${error.message}`);
          return;
        }
        const handling = this.handle(subject, handler, msg);
        this.inFlight.add(handling);
        void handling.finally(() => this.inFlight.delete(handling));
      },
    });
    this.subscriptions.push(subscription);
  }

  private async handle(subject: string, handler: Handler, msg: Msg): Promise<void> {
    let envelope: RpcRequestEnvelope;
    try {
      envelope = await decodePayload<RpcRequestEnvelope>(msg.data, msg.headers);
    } catch {
      await this.reply(msg, { ok: false, error: { code: ErrorCodes.validationFailed, message: 'Malformed request envelope' } }, subject);
      return;
    }
    const context = envelope.context ?? { requestId: 'unknown' };
    const started = process.hrtime.bigint();
    await RequestContext.run(context, async () => {
      let outcome = 'ok';
      try {
        const meta: ReplyMetaState = {};
        const data = await ReplyMeta.run(meta, () => handler(envelope.data ?? {}, context));
        outcome = await this.reply(msg, meta.replayed ? { ok: true, data, replayed: true } : { ok: true, data }, subject);
      } catch (thrown) {
        const error = classifyInfrastructureError(thrown) ?? thrown;
        outcome = error instanceof DomainError ? error.code : ErrorCodes.internal;
        if (error instanceof DomainError) {
          if (error.code === ErrorCodes.serviceUnavailable) this.logger.warn(`${subject}: ${(thrown as Error).message}`);
          await this.reply(msg, { ok: false, error: error.toBody() }, subject);
          return;
        }
        this.logger.error(`Handler for ${subject} failed: ${(error as Error)?.stack ?? String(error)}`);
        await this.reply(msg, { ok: false, error: { code: ErrorCodes.internal, message: 'Internal error' } }, subject);
      } finally {
        const seconds = secondsSince(started);
        rpcServerDuration.observe({ subject, outcome }, seconds);
        this.logger.debug(`${subject} ${outcome} in ${(seconds * 1000).toFixed(1)} ms`);
      }
    });
  }

  /**
   * Sends the reply; one past the bus's max payload (even gzipped) becomes a payload-too-large
   * error the caller can act on (ask for a smaller page), rather than a failed publish and a 500.
   * Returns the outcome for the metrics.
   */
  private async reply(msg: Msg, body: RpcReplyEnvelope, subject: string): Promise<string> {
    if (!msg.reply) return body.ok ? 'ok' : body.error.code;
    let payload =
      body.ok && body.data instanceof JsonText ? await encodeText(body.data.text, dataReplyHeaders(body.replayed === true)) : await encodePayload(body);
    let outcome: string = body.ok ? 'ok' : body.error.code;
    const maxBytes = this.nats.info?.max_payload;
    if (maxBytes !== undefined && payload.data.byteLength > maxBytes - REPLY_HEADROOM_BYTES) {
      const error = replyTooLarge(subject, payload.data.byteLength, maxBytes, body.ok);
      this.logger.warn(`${subject}: ${error.message}`);
      payload = await encodePayload({ ok: false, error: error.toBody() });
      outcome = error.code;
    }
    try {
      msg.respond(payload.data, { headers: payload.headers });
    } catch (error) {
      // The connection went: tell the caller if it still can, rather than leave it to time out.
      this.logger.error(`Reply on ${msg.subject} failed: ${(error as Error).message}`);
      msg.respond(new TextEncoder().encode(JSON.stringify({ ok: false, error: { code: ErrorCodes.internal, message: 'Reply failed' } })));
    }
    return outcome;
  }
}

/** Room for the headers, which count against the max payload too. */
const REPLY_HEADROOM_BYTES = 4096;

function replyTooLarge(subject: string, bytes: number, maxBytes: number, succeeded: boolean): DomainError {
  const done = succeeded ? ' The request itself was carried out.' : '';
  return new DomainError(
    ErrorCodes.payloadTooLarge,
    `The answer is too large to send (${bytes} bytes compressed; the limit is ${maxBytes}).${done} Read it in smaller pages (a lower limit, or the paged endpoint of the resource, e.g. GET /change-sets/:id/operations).`,
    { reason: 'reply-too-large', subject, bytes, maxBytes },
  );
}
