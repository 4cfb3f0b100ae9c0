import { eventually } from '@sigma/testing';
import { type NpmStart, startNpmStart } from '../support/npm-start';

/**
 * Two `npm start`s on one NATS they did not start, each with its own database and no
 * NATS_SUBJECT_PREFIX: each derives its prefix from its database name, so neither ever
 * answers the other's requests (without it they joined the same queue groups and read from
 * the other's database 5 times in 6).
 */
jest.setTimeout(240_000);

describe('bus isolation under npm start (e2e)', () => {
  let one: NpmStart;
  let two: NpmStart;

  beforeAll(async () => {
    [one, two] = await Promise.all([startNpmStart('busone'), startNpmStart('bustwo')]);
    await Promise.all([one.waitFor(/\[start\] ready/), two.waitFor(/\[start\] ready/)]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
  }, 60_000);

  it('says which prefix each derived from its database name', () => {
    const prefixes = [one, two].map((system) => system.output().match(/\[start\] NATS subject prefix: (\S+) \(from the database name/)?.[1]);
    expect(prefixes[0]).toBe(new URL(one.database.url).pathname.slice(1));
    expect(prefixes[1]).toBe(new URL(two.database.url).pathname.slice(1));
  });

  it('a record created in one is a 404 in the other, every time, and the audit trail stays with its system', async () => {
    const created = await one.api.as('editor', 'POST', '/records', {
      schemaId: 'schema-apparel',
      values: { sku: [{ scope: {}, value: 'BUS-1' }], 'product-name': [{ scope: {}, value: 'Only in one' }] },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const inTwo = [];
    const inOne = [];
    for (let i = 0; i < 8; i += 1) {
      inTwo.push((await two.api.as('viewer', 'GET', `/records/${id}`)).status);
      inOne.push((await one.api.as('viewer', 'GET', `/records/${id}`)).status);
    }
    expect({ inOne, inTwo }).toEqual({ inOne: Array(8).fill(200), inTwo: Array(8).fill(404) });
    const totals = await Promise.all([one, two].map(async (system) => (await system.api.as('viewer', 'GET', '/records?limit=1')).body.total));
    expect(totals[0]).toBe(totals[1] + 1);
    expect((await two.api.as('viewer', 'GET', `/records/${id}/audit`)).status).toBe(404);
    await eventually(async () => expect((await one.api.as('viewer', 'GET', `/records/${id}/audit`)).body).toEqual([expect.objectContaining({ action: 'create' })]));
  });
});
