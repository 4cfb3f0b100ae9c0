import { startTestSystem, type TestSystem } from '@sigma/testing';

describe('workspace schemas (e2e)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem({ label: 'schemas' });
  }, 60000);

  afterAll(async () => {
    await system?.stop();
  });

  const attributes = () => [
    { alias: 'product-name', name: 'Product Name', dataType: 'text', dimensionIds: ['dim-language'], rules: { maxLength: 200 } },
    { alias: 'sku', name: 'SKU', dataType: 'text', dimensionIds: [], rules: { unique: true, pattern: '^[A-Z0-9-]+$' } },
    { alias: 'shoe-type', name: 'Shoe Type', dataType: 'select', dimensionIds: [], rules: { options: ['sneaker', 'boot', 'sandal'] } },
    {
      alias: 'shaft-height',
      name: 'Shaft Height',
      dataType: 'number',
      dimensionIds: [],
      rules: { min: 0, max: 60 },
      guard: { attributeAlias: 'shoe-type', operator: 'equals', value: 'boot' },
    },
    { alias: 'material', name: 'Material', dataType: 'text', dimensionIds: [], rules: {} },
  ];
  const footwear = () => ({
    id: 'schema-footwear',
    name: 'Footwear',
    description: 'Shoes and boots',
    initialLifecycleStateId: 'state-new',
    attributes: attributes(),
  });

  type Attribute = { alias: string } & Record<string, any>;
  const fieldsOf = (body: { details: { field: string }[] }) => body.details.map((issue) => issue.field);
  const read = async (id: string) => (await system.api.as('viewer', 'GET', `/schemas/${id}`)).body;
  const createRecord = async (schemaId: string, values: Record<string, unknown>) => {
    const response = await system.api.as('editor', 'POST', '/records', { schemaId, values });
    expect(response.status).toBe(201);
    return response.body;
  };
  /** The current attribute list with one entry changed (or removed, when change returns undefined). */
  const withAttribute = async (schemaId: string, alias: string, change: (attribute: Attribute) => Attribute | undefined) => {
    const schema = await read(schemaId);
    return schema.attributes.flatMap((attribute: Attribute) => (attribute.alias === alias ? (change(attribute) ?? []) : [attribute]));
  };

  describe('POST /schemas', () => {
    it('creates a schema (201) that reads back and that records can use', async () => {
      const response = await system.api.as('admin', 'POST', '/schemas', footwear());
      expect(response.status).toBe(201);
      expect(response.body).toEqual({ ...footwear(), createdAt: expect.stringMatching(/Z$/), updatedAt: expect.stringMatching(/Z$/) });
      expect(await read('schema-footwear')).toEqual(response.body);
      const list = await system.api.as('agent', 'GET', '/schemas');
      expect(list.body.map((schema: { id: string }) => schema.id)).toEqual(['schema-apparel', 'schema-footwear']);
      const record = await createRecord('schema-footwear', { sku: [{ scope: {}, value: 'BOOT-1' }], 'shoe-type': [{ scope: {}, value: 'boot' }] });
      expect(record.lifecycleStateId).toBe('state-new');
      const invalid = await system.api.as('editor', 'POST', '/records', {
        schemaId: 'schema-footwear',
        values: { 'shoe-type': [{ scope: {}, value: 'slipper' }] },
      });
      expect(invalid.status).toBe(400);
    });

    it('answers 409 for an id that is taken, leaving that schema as it was', async () => {
      const before = await read('schema-apparel');
      const response = await system.api.as('admin', 'POST', '/schemas', { ...footwear(), id: 'schema-apparel' });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ code: 'conflict', details: { schemaId: 'schema-apparel' } });
      expect(await read('schema-apparel')).toEqual(before);
    });

    const broken = (index: number, change: Record<string, unknown>) => {
      const list: Record<string, unknown>[] = attributes();
      list[index] = { ...list[index], ...change };
      return { attributes: list };
    };
    it.each([
      ['a bad schema id', { id: 'Schema Boots' }, 'id'],
      ['a missing initial state', { initialLifecycleStateId: undefined }, 'initialLifecycleStateId'],
      ['an unknown property', { owner: 'me' }, 'owner'],
      ['an alias that is not a stable id', broken(0, { alias: 'Product_Name' }), 'attributes[0].alias'],
      ['an alias over 100 characters', broken(0, { alias: `a${'x'.repeat(100)}` }), 'attributes[0].alias'],
      ['an unknown data type', broken(1, { dataType: 'colour' }), 'attributes[1].dataType'],
      ['an unknown dimension', broken(0, { dimensionIds: ['dim-colour'] }), 'attributes[0].dimensionIds'],
      ['a repeated alias', broken(4, { alias: 'sku' }), 'attributes[4].alias'],
      ['a select without options', broken(2, { rules: {} }), 'attributes[2].rules.options'],
      ['a select with an empty options list', broken(2, { rules: { options: [] } }), 'attributes[2].rules.options'],
      ['a guard on an unknown attribute', broken(3, { guard: { attributeAlias: 'colour', operator: 'exists' } }), 'attributes[3].guard.attributeAlias'],
      ['a guard on itself', broken(3, { guard: { attributeAlias: 'shaft-height', operator: 'exists' } }), 'attributes[3].guard.attributeAlias'],
      ['an unknown guard operator', broken(3, { guard: { attributeAlias: 'shoe-type', operator: 'like', value: 'b' } }), 'attributes[3].guard.operator'],
      ['in without an array', broken(3, { guard: { attributeAlias: 'shoe-type', operator: 'in', value: 'boot' } }), 'attributes[3].guard.value'],
      ['exists with a value', broken(3, { guard: { attributeAlias: 'shoe-type', operator: 'exists', value: 'boot' } }), 'attributes[3].guard.value'],
      ['a guard value the target cannot hold', broken(3, { guard: { attributeAlias: 'shoe-type', operator: 'equals', value: 'clog' } }), 'attributes[3].guard.value'],
      ['minLength > maxLength', broken(0, { rules: { minLength: 10, maxLength: 5 } }), 'attributes[0].rules.minLength'],
      ['min > max', broken(3, { rules: { min: 10, max: 5 } }), 'attributes[3].rules.min'],
      ['a pattern that does not compile', broken(1, { rules: { pattern: '([A-Z' } }), 'attributes[1].rules.pattern'],
      ['a negative maxLength', broken(0, { rules: { maxLength: -1 } }), 'attributes[0].rules.maxLength'],
      ['an unknown rule', broken(0, { rules: { required: true } }), 'attributes[0].rules.required'],
      ['a rule that does not fit the type', broken(3, { rules: { maxLength: 3 } }), 'attributes[3].rules.maxLength'],
    ])('answers 400 naming the field for %s, creating nothing', async (_, change, field) => {
      const response = await system.api.as('admin', 'POST', '/schemas', { ...footwear(), id: 'schema-boots', ...change });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('validation-failed');
      expect(fieldsOf(response.body)).toContain(field);
      expect((await system.api.as('viewer', 'GET', '/schemas/schema-boots')).status).toBe(404);
    });
  });

  describe('PUT /schemas/:id', () => {
    it('changes only the fields given; description null clears it', async () => {
      const before = await read('schema-footwear');
      const renamed = await system.api.as('admin', 'PUT', '/schemas/schema-footwear', { name: 'Shoes' });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual({ ...before, name: 'Shoes', updatedAt: expect.any(String) });
      const cleared = await system.api.as('admin', 'PUT', '/schemas/schema-footwear', { description: null });
      expect(cleared.status).toBe(200);
      expect(cleared.body).not.toHaveProperty('description');
      expect(await read('schema-footwear')).toEqual(cleared.body);
    });

    it('adds, updates, reorders and removes attributes nobody holds values for', async () => {
      const current = (await read('schema-footwear')).attributes as Attribute[];
      const next = [
        { alias: 'colour', name: 'Colour', dataType: 'select', dimensionIds: [], rules: { options: ['black', 'brown'] } },
        ...current
          .filter((attribute) => attribute.alias !== 'shaft-height')
          .map((attribute) =>
            attribute.alias === 'material'
              ? { ...attribute, name: 'Upper', dataType: 'richtext', dimensionIds: ['dim-language'], rules: { maxLength: 500 } }
              : attribute.alias === 'shoe-type'
                ? { ...attribute, rules: { options: ['sneaker', 'boot', 'sandal', 'loafer'] }, guard: { attributeAlias: 'colour', operator: 'exists' } }
                : attribute,
          ),
      ];
      const response = await system.api.as('admin', 'PUT', '/schemas/schema-footwear', { attributes: next });
      expect(response.status).toBe(200);
      expect(response.body.attributes).toEqual(next);
      expect((await read('schema-footwear')).attributes).toEqual(next);
    });

    it('answers 409 naming the alias and a count when removing an attribute records hold values for, changing nothing', async () => {
      const before = await read('schema-apparel');
      const next = await withAttribute('schema-apparel', 'material', () => undefined);
      const response = await system.api.as('admin', 'PUT', '/schemas/schema-apparel', { name: 'Clothing', attributes: next });
      expect(response.status).toBe(409);
      expect(response.body.code).toBe('conflict');
      expect(response.body.details).toEqual([
        expect.objectContaining({ rule: 'attribute-in-use', attributeAlias: 'material', recordCount: 2 }),
      ]);
      expect(await read('schema-apparel')).toEqual(before);
    });

    it('answers 409 for changing the dataType of an attribute that holds values', async () => {
      const next = await withAttribute('schema-apparel', 'price', (attribute) => ({ ...attribute, dataType: 'integer' }));
      const response = await system.api.as('admin', 'PUT', '/schemas/schema-apparel', { attributes: next });
      expect(response.status).toBe(409);
      expect(response.body.details).toEqual([
        expect.objectContaining({ field: 'attributes[2].dataType', rule: 'data-type-in-use', attributeAlias: 'price' }),
      ]);
      expect((await read('schema-apparel')).attributes[2].dataType).toBe('number');
    });

    it('answers 409 for dropping a dimension values are scoped by', async () => {
      const next = await withAttribute('schema-apparel', 'product-name', (attribute) => ({ ...attribute, dimensionIds: [] }));
      const response = await system.api.as('admin', 'PUT', '/schemas/schema-apparel', { attributes: next });
      expect(response.status).toBe(409);
      expect(response.body.details).toEqual([
        expect.objectContaining({ rule: 'dimension-in-use', attributeAlias: 'product-name', dimensionId: 'dim-language' }),
      ]);
    });

    it('allows the same changes once no record holds such values', async () => {
      await createRecord('schema-footwear', { sku: [{ scope: {}, value: 'SNK-1' }] });
      const current = (await read('schema-footwear')).attributes as Attribute[];
      const next = current
        .filter((attribute) => attribute.alias !== 'colour')
        .map(({ guard: _guard, ...attribute }) => (attribute.alias === 'material' ? { ...attribute, dataType: 'text', dimensionIds: [] } : attribute));
      const response = await system.api.as('admin', 'PUT', '/schemas/schema-footwear', { attributes: next });
      expect(response.status).toBe(200);
      expect(response.body.attributes).toEqual(next);
    });

    it('indexes existing values when unique is turned on, and refuses it (409) when two records share a value', async () => {
      await createRecord('schema-footwear', { sku: [{ scope: {}, value: 'SNK-2' }], material: [{ scope: {}, value: 'Leather' }] });
      await createRecord('schema-footwear', { sku: [{ scope: {}, value: 'SNK-3' }], material: [{ scope: {}, value: 'Leather' }] });
      const unique = await withAttribute('schema-footwear', 'material', (attribute) => ({ ...attribute, rules: { unique: true } }));
      const refused = await system.api.as('admin', 'PUT', '/schemas/schema-footwear', { attributes: unique });
      expect(refused.status).toBe(409);
      expect(refused.body.details[0]).toMatchObject({ rule: 'unique-violated', attributeAlias: 'material' });
      const sku = await withAttribute('schema-footwear', 'sku', (attribute) => ({ ...attribute, rules: {} }));
      expect((await system.api.as('admin', 'PUT', '/schemas/schema-footwear', { attributes: sku })).status).toBe(200);
      await createRecord('schema-footwear', { sku: [{ scope: {}, value: 'SNK-2' }] });
      const skuAgain = await withAttribute('schema-footwear', 'sku', (attribute) => ({ ...attribute, rules: { unique: true } }));
      const clash = await system.api.as('admin', 'PUT', '/schemas/schema-footwear', { attributes: skuAgain });
      expect(clash.status).toBe(409);
      expect(clash.body.details[0]).toMatchObject({ field: 'attributes[1].rules.unique', attributeAlias: 'sku' });
    });

    it('enforces a unique rule turned on for values written before it', async () => {
      const next = await withAttribute('schema-apparel', 'material', (attribute) => ({ ...attribute, rules: { unique: true } }));
      expect((await system.api.as('admin', 'PUT', '/schemas/schema-apparel', { attributes: next })).status).toBe(200);
      const duplicate = await system.api.as('editor', 'POST', '/records', {
        schemaId: 'schema-apparel',
        values: { sku: [{ scope: {}, value: 'DUP-1' }], material: [{ scope: {}, value: '100% cotton' }] },
      });
      expect(duplicate.status).toBe(400);
      expect(duplicate.body.details[0]).toMatchObject({ rule: 'unique', attributeAlias: 'material' });
    });

    it('answers 404 for an unknown schema', async () => {
      const response = await system.api.as('admin', 'PUT', '/schemas/schema-nope', { name: 'Nope' });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('not-found');
    });

    it.each([
      ['an id in the body', { id: 'schema-other' }, 'id'],
      ['a blank name', { name: '   ' }, 'name'],
      ['attributes that are not a list', { attributes: 'sku' }, 'attributes'],
      ['an attribute on an unknown dimension', { attributes: [{ alias: 'a', name: 'A', dataType: 'text', dimensionIds: ['dim-x'], rules: {} }] }, 'attributes[0].dimensionIds'],
    ])('answers 400 for %s, changing nothing', async (_, body, field) => {
      const before = await read('schema-apparel');
      const response = await system.api.as('admin', 'PUT', '/schemas/schema-apparel', body);
      expect(response.status).toBe(400);
      expect(fieldsOf(response.body)).toContain(field);
      expect(await read('schema-apparel')).toEqual(before);
    });
  });

  describe('permissions', () => {
    it.each(['editor', 'viewer', 'reviewer', 'agent'])('refuses schema writes to %s (403), changing nothing', async (role) => {
      const before = await read('schema-apparel');
      const created = await system.api.as(role, 'POST', '/schemas', { ...footwear(), id: `schema-by-${role}` });
      expect(created.status).toBe(403);
      expect(created.body).toMatchObject({ code: 'forbidden', details: { permission: 'workspace:manage' } });
      expect((await system.api.as(role, 'PUT', '/schemas/schema-apparel', { name: 'Hacked' })).status).toBe(403);
      expect((await system.api.as('viewer', 'GET', `/schemas/schema-by-${role}`)).status).toBe(404);
      expect(await read('schema-apparel')).toEqual(before);
      expect((await system.api.as(role, 'GET', '/schemas/schema-apparel')).status).toBe(200);
    });

    it('answers 401 without a token, for reads and writes', async () => {
      for (const [method, path, body] of [
        ['GET', '/schemas', undefined],
        ['GET', '/schemas/schema-apparel', undefined],
        ['POST', '/schemas', { ...footwear(), id: 'schema-anon' }],
        ['PUT', '/schemas/schema-apparel', { name: 'Anon' }],
      ] as const) {
        const response = await system.api.request(method, path, { body });
        expect([method, path, response.status]).toEqual([method, path, 401]);
      }
    });
  });

  it('documents the schema writes in the OpenAPI document', async () => {
    const paths = (await system.api.request('GET', '/docs/openapi.json')).body.paths;
    expect(Object.keys(paths['/schemas'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(paths['/schemas/{id}'].put.description).toContain('409');
  });
});
