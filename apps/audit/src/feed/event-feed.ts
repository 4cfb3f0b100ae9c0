import { Inject, Injectable } from '@nestjs/common';
import { DeliverPolicy, type NatsConnection } from 'nats';
import { type EventEnvelope, FEED_SCAN_LIMIT, type FeedEvent, type FeedPage, type FeedPageRequest, Streams } from '@sigma/contracts';
import { MESSAGING_OPTIONS, type MessagingOptions, NATS_CONNECTION, streamName } from '@sigma/messaging';
import { cursorOf, pageWindow, parseCursor } from './feed-cursor';

/** How long one page waits for the stream to hand over the events it knows it has. */
const FETCH_EXPIRES_MS = 3000;

/**
 * The change feed: pages of the event stream itself, read by sequence with a short-lived ordered
 * consumer. The stream's sequence is the cursor, so a reader resumes exactly where it stopped after
 * a restart of anything, events come in the order they were published (a record's in commit
 * order: the relay publishes in outbox order), and how far back it reaches is the stream's retention.
 */
@Injectable()
export class EventFeed {
  constructor(
    @Inject(NATS_CONNECTION) private readonly nats: NatsConnection,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async read(request: FeedPageRequest): Promise<FeedPage> {
    const after = parseCursor(request.after);
    const stream = streamName(this.options.subjectPrefix, Streams.recordEvents);
    const { state } = await (await this.nats.jetstreamManager()).streams.info(stream);
    const types = request.types?.length ? new Set(request.types) : undefined;
    // With a type filter, a page reads past events of other types, up to a bound.
    const window = pageWindow(after, { firstSeq: state.first_seq, lastSeq: state.last_seq }, types ? FEED_SCAN_LIMIT : request.limit);
    if (window.count === 0) return { items: [], nextCursor: cursorOf(Math.max(after, window.start - 1)), skipped: window.skipped };
    const consumer = await this.nats.jetstream().consumers.get(stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: window.start });
    const items: FeedEvent[] = [];
    let last = window.start - 1;
    try {
      const messages = await consumer.fetch({ max_messages: window.count, expires: FETCH_EXPIRES_MS });
      for await (const message of messages) {
        const event = message.json<EventEnvelope<string, Record<string, unknown>>>();
        if (!types || types.has(event.type)) items.push(toFeedEvent(event, message.seq));
        last = message.seq;
        if (items.length === request.limit || message.seq >= window.start + window.count - 1) {
          messages.stop();
          break;
        }
      }
    } finally {
      await consumer.delete().catch(() => undefined);
    }
    return { items, nextCursor: cursorOf(last), skipped: window.skipped };
  }
}

function toFeedEvent(event: EventEnvelope<string, Record<string, unknown>>, sequence: number): FeedEvent {
  const { id, type, occurredAt, aggregateId, userId, changeSetId, operationId, payload } = event;
  return {
    cursor: cursorOf(sequence),
    id,
    type,
    occurredAt,
    aggregateId,
    sequence: event.sequence,
    userId,
    ...(changeSetId && { changeSetId }),
    ...(operationId && { operationId }),
    payload,
  };
}
