#!/usr/bin/env node
'use strict';
/**
 * Container health check (HEALTHCHECK in deploy/Dockerfile, healthcheck in docker-compose.yml).
 * - gateway: GET /api/v1/health/ready answers 200 (the gateway is up and connected to NATS).
 * - a NATS service with METRICS_PORT: GET /ready on that port answers 200 (PostgreSQL and NATS up).
 * - a NATS service without it: `<prefix.><app>.health.check` answers status "up".
 */
const app = process.env.APP;
const TIMEOUT_MS = Number(process.env.HEALTHCHECK_TIMEOUT_MS || 4000);

function done(healthy, reason) {
  if (!healthy) process.stderr.write(`unhealthy: ${reason}\n`);
  process.exit(healthy ? 0 : 1);
}

async function checkHttp(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  done(response.status === 200, `GET ${url} answered ${response.status}`);
}

/** NATS_URL may carry user:password (see libs/messaging/src/nats-url.ts); the client wants them apart. */
function natsOptions(url) {
  const options = { servers: [] };
  for (const server of url.split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = /^([a-z]+:\/\/)([^@/]+)@(.+)$/i.exec(server);
    if (!match) {
      options.servers.push(server);
      continue;
    }
    const colon = match[2].indexOf(':');
    options.user = options.user || decodeURIComponent(colon < 0 ? match[2] : match[2].slice(0, colon));
    if (colon >= 0) options.pass = options.pass || decodeURIComponent(match[2].slice(colon + 1));
    options.servers.push(match[1] + match[3]);
  }
  return options;
}

async function checkNats() {
  const { connect } = require('nats');
  const prefix = process.env.NATS_SUBJECT_PREFIX ? `${process.env.NATS_SUBJECT_PREFIX}.` : '';
  const subject = `${prefix}${app}.health.check`;
  const nc = await connect({ ...natsOptions(process.env.NATS_URL || 'nats://127.0.0.1:4222'), timeout: TIMEOUT_MS });
  try {
    const envelope = { context: { requestId: `healthcheck-${app}` }, data: {} };
    const reply = await nc.request(subject, new TextEncoder().encode(JSON.stringify(envelope)), { timeout: TIMEOUT_MS });
    const body = JSON.parse(new TextDecoder().decode(reply.data));
    const status = body.ok ? body.data && body.data.status : `error ${body.error && body.error.code}`;
    done(status === 'up', `${subject} answered ${JSON.stringify(status)}`);
  } finally {
    await nc.close().catch(() => undefined);
  }
}

function check() {
  if (app === 'gateway') return checkHttp(`http://127.0.0.1:${process.env.PORT || 3000}/api/v1/health/ready`);
  if (process.env.METRICS_PORT) return checkHttp(`http://127.0.0.1:${process.env.METRICS_PORT}/ready`);
  return checkNats();
}

if (!app) done(false, 'APP is not set');
check().catch((error) => done(false, error && error.message));
