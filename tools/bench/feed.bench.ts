/**
 * Case 10: the change feed to one reader. Writes `events` records with POST /records/bulk (one
 * created event each), then reads them back through GET /events in pages of 1,000, next to the same
 * events read straight from the JetStream stream by an ordered consumer in the same run (what the
 * feed does inside, without the gateway, the audit service and the JSON pages).
 */
import { performance } from 'node:perf_hooks';
import { connect, DeliverPolicy } from 'nats';
import { Streams } from '@sigma/contracts';
import { streamName } from '@sigma/messaging';
import type { Row } from './rows';
import { fmt, ratio } from './stats';
import type { BenchSystem } from './system';

export const FEED_TARGET_PER_SECOND = 1000;

export interface FeedFigures {
  events: number;
  feedPerSecond: number;
  feedSeconds: number;
  pages: number;
  rawPerSecond: number;
  rawSeconds: number;
}

export async function feedCase(system: BenchSystem, events: number): Promise<FeedFigures> {
  const tag = `FEED${Date.now().toString(36).toUpperCase()}`;
  const start = await lastCursor(system);
  for (let written = 0; written < events; written += 1000) {
    const lines = Array.from({ length: Math.min(1000, events - written) }, (_, index) =>
      JSON.stringify({ sku: `${tag}-${written + index}`, schemaId: 'schema-apparel', values: { material: [{ scope: {}, value: 'Cotton' }] } }),
    );
    await system.postNdjson('/records/bulk', lines);
  }
  // Wait until the relay has published them all, so both readers read the same settled stream.
  const end = start + events;
  for (const deadline = Date.now() + 60_000; (await lastCursor(system)) < end; ) {
    if (Date.now() > deadline) throw new Error('the events did not reach the stream within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  let read = 0;
  let pages = 0;
  let cursor = String(start);
  const feedStarted = performance.now();
  while (read < events) {
    const response = await fetch(`${system.baseUrl}/events?limit=1000&after=${cursor}`, { headers: { authorization: `Bearer ${await system.token()}` } });
    if (response.status !== 200) throw new Error(`GET /events answered ${response.status}`);
    const page = (await response.json()) as { items: unknown[]; nextCursor: string };
    if (page.items.length === 0) throw new Error(`the feed stopped after ${read} of ${events} events`);
    read += page.items.length;
    pages++;
    cursor = page.nextCursor;
  }
  const feedSeconds = (performance.now() - feedStarted) / 1000;

  const rawSeconds = await rawRead(system, start + 1, events);
  return { events, feedPerSecond: events / feedSeconds, feedSeconds, pages, rawPerSecond: events / rawSeconds, rawSeconds };
}

async function lastCursor(system: BenchSystem): Promise<number> {
  const nats = await connect({ servers: system.natsUrl });
  try {
    const info = await (await nats.jetstreamManager()).streams.info(streamName(system.subjectPrefix, Streams.recordEvents));
    return info.state.last_seq;
  } finally {
    await nats.close();
  }
}

/** The same events, decoded, from one ordered consumer fetching 1,000 at a time. */
async function rawRead(system: BenchSystem, fromSeq: number, events: number): Promise<number> {
  const nats = await connect({ servers: system.natsUrl });
  try {
    const started = performance.now();
    const consumer = await nats.jetstream().consumers.get(streamName(system.subjectPrefix, Streams.recordEvents), {
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: fromSeq,
    });
    let read = 0;
    while (read < events) {
      const messages = await consumer.fetch({ max_messages: Math.min(1000, events - read), expires: 5000 });
      for await (const message of messages) {
        message.json();
        read++;
      }
    }
    return (performance.now() - started) / 1000;
  } finally {
    await nats.close();
  }
}

export function feedRow(figures: FeedFigures): Row {
  return {
    figure: `${fmt(figures.feedPerSecond, 0)} events/s to one reader (${fmt(figures.events, 0)} events in ${fmt(figures.pages, 0)} pages, ${fmt(figures.feedSeconds, 2)} s)`,
    target: `≥ ${fmt(FEED_TARGET_PER_SECOND, 0)} events/s`,
    baseline: `raw JetStream ordered consumer, same events: ${fmt(figures.rawPerSecond, 0)} events/s (${fmt(figures.rawSeconds, 2)} s)`,
    ratio: ratio(figures.feedPerSecond, figures.rawPerSecond),
    ratioMeaning: 'feed events/s ÷ raw stream events/s, higher is better',
    meetsTarget: figures.feedPerSecond >= FEED_TARGET_PER_SECOND,
    metrics: { ...figures },
    notes: ['GET /events?limit=1000&after=<cursor> through the gateway (audit reads the stream with a short-lived ordered consumer per page)'],
  };
}
