/**
 * The large-catalog shape of `--profile large` as pure data: Akeneo's "large" representative
 * catalog (1,000,000 products, 1,000 attributes, 4 locales × 2 channels, 100 attributes per family,
 * half of them filled, about 2% of attributes localisable, 1% scopable, under 1% both) in Sigma's
 * terms: locales are segments of dim-language, channels segments of dim-market, and the 1,000
 * attributes are spread over as few schemas as the per-schema limit allows. Within a schema each
 * record belongs to a family of 100 of its attributes (as an Akeneo product does) and holds values
 * only for those. Everything is drawn from a seeded generator, so a seed always yields the same catalog.
 */
import type { AttributeDto, DataType, ValuesMap, WorkflowStateDto } from '@sigma/contracts';
import { seededRandom } from './stats';

export const LARGE_ATTRIBUTES = 1000;
export const LARGE_VALUES_PER_RECORD = 53;
const FAMILY_SIZE = 100;
/** Attributes every family of a schema has besides the core (the states' requirements are drawn from them). */
const COMMON = 17;

export const LANGUAGE = 'dim-language';
export const MARKET = 'dim-market';

const WORDS = ['Classic', 'Merino', 'Harbour', 'Linen', 'Summer', 'Alpine', 'Nordic', 'Cotton', 'Field', 'Urban', 'Coastal', 'Wool', 'Canvas', 'Trail'];
const NOUNS = ['Shirt', 'Sweater', 'Jacket', 'Trousers', 'Dress', 'Scarf', 'Boot', 'Cap', 'Parka', 'Vest'];
const MATERIALS = ['100% cotton', 'Merino wool', 'Linen', 'Recycled polyester', 'Nylon', 'Cashmere blend'];
const OPTIONS = ['red', 'green', 'blue', 'black', 'white'];

export interface LargeShapeInput {
  /** Attributes of the whole catalog. */
  attributes: number;
  /** The product's limit on attributes per schema. */
  maxAttributesPerSchema: number;
  /** dim-language segments (4) and dim-market segments (2) values are scoped to. */
  languages: readonly string[];
  markets: readonly string[];
  valuesPerRecord: number;
}

export interface LargeSchema {
  id: string;
  attributes: AttributeDto[];
  /** Each family: the aliases of its 100 attributes (the core first). */
  families: string[][];
  /** Its workflow's states: the completeness rule. */
  states: WorkflowStateDto[];
}

export interface LargeShape {
  schemas: LargeSchema[];
  languages: readonly string[];
  markets: readonly string[];
  /** Each slot of a family's attributes outside the core is filled with this probability. */
  fill: number;
}

/** Slots of an attribute: one per combination of its dimensions' segments. */
export function slotsOf(attribute: Pick<AttributeDto, 'dimensionIds'>, languages: number, markets: number): number {
  return attribute.dimensionIds.reduce((product, dimension) => product * (dimension === LANGUAGE ? languages : markets), 1);
}

/** The identifier, the name searched by case 8 and the material case 6 changes: filled on every record. */
function coreAttributes(): AttributeDto[] {
  return [
    { alias: 'sku', name: 'SKU', dataType: 'text', dimensionIds: [], rules: { unique: true, pattern: '^[A-Z0-9-]+$', maxLength: 64 } },
    { alias: 'product-name', name: 'Product Name', dataType: 'text', dimensionIds: [LANGUAGE], rules: { maxLength: 200 } },
    { alias: 'material', name: 'Material', dataType: 'text', dimensionIds: [], rules: {} },
  ];
}

/** The n-th attribute of the catalog after the core: 2% localisable, 1% scopable, 0.5% both, the rest global of mixed types. */
function catalogAttribute(n: number): AttributeDto {
  const alias = `attr-${String(n).padStart(4, '0')}`;
  const name = `Attribute ${n}`;
  if (n % 200 === 7) return { alias, name, dataType: 'text', dimensionIds: [LANGUAGE, MARKET], rules: {} };
  if (n % 100 === 3) return { alias, name, dataType: 'text', dimensionIds: [MARKET], rules: {} };
  if (n % 50 === 1) return { alias, name, dataType: 'text', dimensionIds: [LANGUAGE], rules: {} };
  const dataType = (['text', 'number', 'boolean', 'select'] as const)[n % 4];
  return { alias, name, dataType, dimensionIds: [], rules: dataType === 'select' ? { options: OPTIONS } : {} };
}

export function largeShape(input: LargeShapeInput): LargeShape {
  if (input.languages.length === 0 || input.markets.length === 0) throw new Error('the large shape needs language and market segments');
  const schemaCount = Math.ceil(input.attributes / input.maxAttributesPerSchema);
  const schemas: LargeSchema[] = [];
  let next = 0;
  for (let s = 0; s < schemaCount; s++) {
    const size = Math.floor(input.attributes / schemaCount) + (s < input.attributes % schemaCount ? 1 : 0);
    const core = coreAttributes();
    const others = Array.from({ length: size - core.length }, () => catalogAttribute(next++));
    const common = others.slice(0, COMMON).map((a) => a.alias);
    const pool = others.slice(COMMON).map((a) => a.alias);
    const perFamily = Math.min(pool.length, FAMILY_SIZE - core.length - common.length);
    const familyCount = Math.max(1, Math.ceil(pool.length / Math.max(1, perFamily)));
    // Consecutive blocks of the pool; the last one wraps round to its start.
    const families = Array.from({ length: familyCount }, (_, f) => [
      ...core.map((a) => a.alias),
      ...common,
      ...Array.from({ length: perFamily }, (_, k) => pool[(f * perFamily + k) % pool.length]),
    ]);
    const draft = ['sku', 'product-name'];
    const review = [...draft, 'material', ...common.slice(0, 3)];
    schemas.push({
      id: `schema-large-${s + 1}`,
      attributes: [...core, ...others],
      families,
      states: [
        { id: 'state-draft', name: 'Draft', requiredAttributes: draft },
        { id: 'state-review', name: 'Review', requiredAttributes: review },
        { id: 'state-published', name: 'Published', requiredAttributes: [...review, ...common.slice(3, 8)] },
      ],
    });
  }
  // The fill rate that brings the mean to valuesPerRecord: core slots always, the rest at `fill`.
  const L = input.languages.length;
  const M = input.markets.length;
  const coreSlots = coreAttributes().reduce((sum, a) => sum + slotsOf(a, L, M), 0);
  let familySlots = 0;
  let familyCount = 0;
  for (const schema of schemas) {
    const byAlias = new Map(schema.attributes.map((a) => [a.alias, a]));
    for (const family of schema.families) {
      familySlots += family.reduce((sum, alias) => sum + slotsOf(byAlias.get(alias) as AttributeDto, L, M), 0) - coreSlots;
      familyCount++;
    }
  }
  const fill = (input.valuesPerRecord - coreSlots) / (familySlots / familyCount);
  if (!(fill > 0 && fill <= 1)) throw new Error(`${input.valuesPerRecord} values per record do not fit this shape (fill ${fill})`);
  return { schemas, languages: input.languages, markets: input.markets, fill };
}

export interface LargeRecord {
  schemaIndex: number;
  values: ValuesMap;
  /** The product name in the first language (what case 8 searches for). */
  firstLanguageName: string;
  material: string;
  /** Scoped values in `values`. */
  valueCount: number;
}

/** Every scope of an attribute's dimensions (keys in sorted order, as the service stores them). */
function scopesOf(attribute: AttributeDto, languages: readonly string[], markets: readonly string[]): Record<string, string>[] {
  let scopes: Record<string, string>[] = [{}];
  for (const dimension of [...attribute.dimensionIds].sort()) {
    const segments = dimension === LANGUAGE ? languages : markets;
    scopes = scopes.flatMap((scope) => segments.map((segment) => ({ ...scope, [dimension]: segment })));
  }
  return scopes;
}

/** Draws the records of a shape one after another from `seed`; record i depends on the seed and the records before it. */
export class LargeRecordSource {
  private readonly random: () => number;
  /** Per schema, per family: its non-core attributes with their scopes. */
  private readonly plans: { attribute: AttributeDto; scopes: Record<string, string>[] }[][][];

  constructor(
    private readonly shape: LargeShape,
    seed: number,
  ) {
    this.random = seededRandom(seed);
    const core = new Set(coreAttributes().map((a) => a.alias));
    this.plans = shape.schemas.map((schema) => {
      const byAlias = new Map(schema.attributes.map((a) => [a.alias, a]));
      return schema.families.map((family) =>
        family
          .filter((alias) => !core.has(alias))
          .map((alias) => {
            const attribute = byAlias.get(alias) as AttributeDto;
            return { attribute, scopes: scopesOf(attribute, shape.languages, shape.markets) };
          }),
      );
    });
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  private value(dataType: DataType, options: readonly string[] | undefined): unknown {
    switch (dataType) {
      case 'number':
        return Math.round(this.random() * 100000) / 100;
      case 'boolean':
        return this.random() < 0.5;
      case 'select':
        return this.pick(options ?? OPTIONS);
      default:
        return `${this.pick(WORDS)} ${this.pick(WORDS).toLowerCase()}`;
    }
  }

  /** The next record; `sku` must be unique in the catalog. */
  next(sku: string): LargeRecord {
    const schemaIndex = Math.floor(this.random() * this.shape.schemas.length);
    const plan = this.pick(this.plans[schemaIndex]);
    const name = `${this.pick(WORDS)} ${this.pick(WORDS)} ${this.pick(NOUNS)}`;
    const material = this.pick(MATERIALS);
    const code = (segment: string) => segment.replace(/^seg-/, '');
    const values: ValuesMap = {
      sku: [{ scope: {}, value: sku }],
      'product-name': this.shape.languages.map((language) => ({ scope: { [LANGUAGE]: language }, value: `${name} (${code(language)})` })),
      material: [{ scope: {}, value: material }],
    };
    let valueCount = 2 + this.shape.languages.length;
    for (const { attribute, scopes } of plan) {
      const filled = [];
      for (const scope of scopes) if (this.random() < this.shape.fill) filled.push({ scope, value: this.value(attribute.dataType, attribute.rules.options) });
      if (filled.length > 0) values[attribute.alias] = filled;
      valueCount += filled.length;
    }
    return { schemaIndex, values, firstLanguageName: `${name} (${code(this.shape.languages[0])})`, material, valueCount };
  }
}
