import { peerCatalog } from './catalog';
import { listPath, productItem, PRODUCTS_COLLECTION } from './directus';

describe('Directus peer', () => {
  it('stores every value of a product in a column of the collection', () => {
    const [product] = [...peerCatalog(1, 3, 'D')];
    const item = productItem(product);
    const columns = PRODUCTS_COLLECTION.fields.map((f) => f.field);
    expect(Object.keys(item).every((key) => columns.includes(key))).toBe(true);
    expect(item).toMatchObject({ sku: product.sku, name_da: product.names.da, price_dkk: product.prices.DKK, enabled: product.enabled });
  });

  it('lists the first 50 of a schema × enabled filter with the filtered total', () => {
    expect(listPath('home', false)).toBe('/items/products?filter[schema_code][_eq]=home&filter[enabled][_eq]=false&limit=50&sort=id&meta=filter_count');
  });
});
