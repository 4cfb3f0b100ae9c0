/**
 * Raw baselines (a) and (c), run as their own process like a service is:
 *  (a) a minimal node:http server answering GET /records/:id with the same single SELECT by
 *      primary key through pg (a pool of 10, as the records service has) and the same JSON shape;
 *  (c) a NATS request/reply echo responder on BENCH_ECHO_SUBJECT.
 * Env: DATABASE_URL, NATS_URL, BENCH_ECHO_SUBJECT. Prints `ready <port>` once both listen.
 */
import http from 'node:http';
import { connect } from 'nats';
import { Pool } from 'pg';

const SELECT =
  'SELECT id, schema_id, lifecycle_state_id, parent_id, version, "values", created_at, updated_at, created_by, updated_by FROM records.record WHERE id = $1';

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10, application_name: 'bench-raw-server' });
  const nats = await connect({ servers: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(','), name: 'bench-raw-echo' });
  nats.subscribe(process.env.BENCH_ECHO_SUBJECT ?? 'bench.echo', { callback: (_error, message) => message.respond(message.data) });
  await nats.flush();

  const server = http.createServer((request, response) => {
    const match = /^\/records\/([^/?]+)/.exec(request.url ?? '');
    if (request.method !== 'GET' || !match) {
      response.writeHead(404).end();
      return;
    }
    pool.query(SELECT, [decodeURIComponent(match[1])]).then(
      ({ rows }) => {
        const row = rows[0];
        if (!row) {
          response.writeHead(404, { 'content-type': 'application/json' }).end('{"code":"not-found"}');
          return;
        }
        const body = JSON.stringify({
          id: row.id,
          schemaId: row.schema_id,
          lifecycleStateId: row.lifecycle_state_id,
          parentId: row.parent_id,
          version: row.version,
          createdAt: row.created_at.toISOString(),
          updatedAt: row.updated_at.toISOString(),
          createdBy: row.created_by,
          updatedBy: row.updated_by,
          values: row.values,
        });
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
      },
      (error: Error) => response.writeHead(500).end(error.message),
    );
  });
  server.keepAliveTimeout = 60000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : 0}\n`);
  });
  const stop = () => {
    server.close();
    void Promise.allSettled([pool.end(), nats.close()]).then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
