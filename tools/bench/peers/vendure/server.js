/**
 * Vendure as a bench peer: `node server.js server` (the API, creates the schema) or `node server.js worker`
 * (the job queue). Copied next to its node_modules in tmp/peers/vendure at bench time.
 * Settings come from the environment the bench passes; everything else is Vendure's default.
 */
const { bootstrap, bootstrapWorker, DefaultJobQueuePlugin, DefaultLogger, LogLevel } = require('@vendure/core');

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const role = process.argv[2];
const database = new URL(env('PEER_DATABASE_URL'));

const config = {
  apiOptions: { hostname: '127.0.0.1', port: Number(env('PEER_PORT')), adminApiPath: 'admin-api', shopApiPath: 'shop-api' },
  authOptions: {
    tokenMethod: 'bearer',
    requireVerification: false,
    superadminCredentials: { identifier: env('PEER_ADMIN_USER'), password: env('PEER_ADMIN_PASSWORD') },
  },
  dbConnectionOptions: {
    type: 'postgres',
    host: database.hostname,
    port: Number(database.port || 5432),
    username: decodeURIComponent(database.username || 'postgres'),
    password: decodeURIComponent(database.password),
    database: database.pathname.slice(1),
    // Only the server creates the schema, so the worker never races it.
    synchronize: role === 'server',
    logging: false,
  },
  paymentOptions: { paymentMethodHandlers: [] },
  logger: new DefaultLogger({ level: LogLevel.Warn }),
  // A new project's job queue and worker, without its search index: the Admin API reads and lists
  // products from their tables, and the index's per-write jobs would only load the machine meanwhile.
  plugins: [DefaultJobQueuePlugin.init({})],
};

const started =
  role === 'worker'
    ? bootstrapWorker(config).then((worker) => worker.startJobQueue())
    : role === 'server'
      ? bootstrap(config)
      : Promise.reject(new Error(`usage: node server.js server|worker (got '${role}')`));

started.then(
  () => process.stdout.write(`peer ${role} ready\n`),
  (error) => {
    process.stderr.write(`peer ${role} failed: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  },
);
