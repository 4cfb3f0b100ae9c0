import { connect, type NatsConnection } from 'nats';
import { DomainError, ErrorCodes, type RecordDto, type RecordPage, type RpcRequestEnvelope } from '@sigma/contracts';
import { COMPRESS_ABOVE_BYTES, ENCODING_HEADER, encodePayload, isDataReply, RpcClient } from '@sigma/messaging';
import { TEST_NATS_URL } from '@sigma/testing';
import { ADMIN, createRecordsTestBed, type RecordsRpc, type RecordsTestBed } from './records-harness';

/**
 * Lists and searches answer with JSON text built from the rows (values as jsonb text, timestamps
 * as ISO text), passed to the gateway unparsed: the same records as a single read gives, through
 * the real records service and NATS, whichever way a client reads the reply.
 */
describe('record pages as JSON text (records service, real PG + NATS)', () => {
  let bed: RecordsTestBed;
  let rpc: RecordsRpc;
  let prefix: string;
  let client: RpcClient;
  let clientNats: NatsConnection;
  const da = { 'dim-language': 'seg-da' };
  const awkward = 'Blå "skjorte" \\ back\nslash\t— 👕 \u0001 </script>';

  const parse = <T>(bytes: Uint8Array) => JSON.parse(new TextDecoder().decode(bytes)) as T;
  const rawList = async (data: object) => {
    const envelope: RpcRequestEnvelope = { context: { requestId: 'it-raw', actor: ADMIN }, data };
    const request = await encodePayload(envelope);
    return bed.nats.request(`${prefix}.records.record.list`, request.data, { timeout: 15000, headers: request.headers });
  };

  beforeAll(async () => {
    bed = await createRecordsTestBed('list-json');
    ({ rpc, prefix } = await bed.start());
    clientNats = await connect({ servers: TEST_NATS_URL, name: 'records-it-list-json-client' });
    client = new RpcClient(clientNats, { serviceName: 'it', url: TEST_NATS_URL, subjectPrefix: prefix, requestTimeoutMs: 15000 });
    const parent = await rpc.ok('records.record.create', {
      schemaId: 'schema-apparel',
      values: { sku: [{ scope: {}, value: 'LJ-1' }], 'product-name': [{ scope: da, value: awkward }], price: [{ scope: {}, value: 1234567.89 }] },
    });
    await rpc.ok('records.record.create', { schemaId: 'schema-apparel', parentId: parent.id, values: { sku: [{ scope: {}, value: 'LJ-1-V' }] } });
  });

  afterAll(async () => {
    await clientNats?.close();
    await bed?.stop();
  });

  const expectSameAsGet = async (page: RecordPage) => {
    expect(page.items.length).toBeGreaterThan(0);
    for (const item of page.items) expect(item).toEqual(await rpc.ok('records.record.get', { id: item.id }));
  };

  it('a list page holds each record exactly as a single read does (values, timestamps, parent, version)', async () => {
    const page = await client.request('records.record.list', { schemaId: 'schema-apparel', offset: 0, limit: 500 });
    await expectSameAsGet(page);
    const awkwardItem = page.items.find((item) => item.values.sku?.[0]?.value === 'LJ-1');
    expect(awkwardItem?.values['product-name']).toEqual([{ scope: da, value: awkward }]);
    expect(page.items.find((item) => item.values.sku?.[0]?.value === 'LJ-1-V')?.parentId).toBe(awkwardItem?.id);
    expect(page).toMatchObject({ total: page.items.length, offset: 0, limit: 500 });
  });

  it('a search page too, with its cursor and without its sort key', async () => {
    const page = await client.request('records.record.list', { schemaId: 'schema-apparel', sku: 'LJ-1', sort: 'createdAt', offset: 0, limit: 1 });
    await expectSameAsGet(page);
    expect(page.items[0]).not.toHaveProperty('sortKey');
    expect(page).toMatchObject({ total: 1, nextCursor: expect.any(String), offset: 0, limit: 1 });
  });

  it('comes as a data reply, which requestJson passes on as bytes and request parses', async () => {
    const query = { schemaId: 'schema-apparel', offset: 0, limit: 500 };
    expect(isDataReply(await rawList(query))).toBe(true);
    const bytes = await client.requestJson('records.record.list', query);
    expect(parse<RecordPage>(bytes)).toEqual(await client.request('records.record.list', query));
    expect(parse<RecordPage>(bytes)).toEqual(await rpc.ok('records.record.list', query));
  });

  it('requestJson gives an enveloped answer (a handler answering objects) as the same JSON', async () => {
    const [{ id }] = (await client.request('records.record.list', { sku: 'LJ-1', offset: 0, limit: 1 })).items;
    expect(parse<RecordDto>(await client.requestJson('records.record.get', { id }))).toEqual(await client.request('records.record.get', { id }));
  });

  it('an error still comes as the domain error, from either method', async () => {
    for (const call of [() => client.request('records.record.list', { categoryId: 'cat-none', offset: 0, limit: 1 }), () => client.requestJson('records.record.list', { categoryId: 'cat-none', offset: 0, limit: 1 })]) {
      const error = await call().catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe(ErrorCodes.notFound);
    }
  });

  it('a page past the compression threshold is gzipped on the bus and arrives whole', async () => {
    const description = 'Lang beskrivelse med æøå og "citater". '.repeat(100);
    for (let i = 0; i < 40; i++) {
      await rpc.ok('records.record.create', { schemaId: 'schema-apparel', values: { sku: [{ scope: {}, value: `LJ-BIG-${i}` }], description: [{ scope: da, value: description }] } });
    }
    const query = { schemaId: 'schema-apparel', offset: 0, limit: 500 };
    const raw = await rawList(query);
    expect(isDataReply(raw)).toBe(true);
    expect(raw.headers?.get(ENCODING_HEADER)).toBe('gzip');
    const bytes = await client.requestJson('records.record.list', query);
    expect(bytes.byteLength).toBeGreaterThan(COMPRESS_ABOVE_BYTES);
    const page = parse<RecordPage>(bytes);
    expect(page.items.filter((item) => item.values.description?.[0]?.value === description)).toHaveLength(40);
    await expectSameAsGet({ ...page, items: page.items.slice(-3) });
  });
});
