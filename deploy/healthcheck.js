#!/usr/bin/env node
'use strict';
/**
 * Container health check (HEALTHCHECK in deploy/Dockerfile, healthcheck in docker-compose.yml).
 * The gateway is healthy when GET /api/v1/health answers 200. A NATS service (records, and later
 * workflow, audit, change-sets) is healthy when it answers `<prefix.><app>.health.check` with
 * status "up" — which also proves its PostgreSQL and NATS connections work.
 */
const app = process.env.APP;
const TIMEOUT_MS = Number(process.env.HEALTHCHECK_TIMEOUT_MS || 4000);

function done(healthy, reason) {
  if (!healthy) process.stderr.write(`unhealthy: ${reason}\n`);
  process.exit(healthy ? 0 : 1);
}

async function checkHttp() {
  const url = `http://127.0.0.1:${process.env.PORT || 3000}/api/v1/health`;
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  done(response.status === 200, `GET ${url} answered ${response.status}`);
}

async function checkNats() {
  const { connect } = require('nats');
  const prefix = process.env.NATS_SUBJECT_PREFIX ? `${process.env.NATS_SUBJECT_PREFIX}.` : '';
  const subject = `${prefix}${app}.health.check`;
  const nc = await connect({ servers: (process.env.NATS_URL || 'nats://127.0.0.1:4222').split(','), timeout: TIMEOUT_MS });
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

if (!app) done(false, 'APP is not set');
(app === 'gateway' ? checkHttp() : checkNats()).catch((error) => done(false, error && error.message));
