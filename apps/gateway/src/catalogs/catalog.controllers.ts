import { CatalogsController } from './catalogs.controller';
import { CategoriesController } from './categories.controller';
import { RecordCategoriesController } from './record-categories.controller';

/** Catalogs, categories, a record's category assignments and its variants. */
export const CATALOG_CONTROLLERS = [CatalogsController, CategoriesController, RecordCategoriesController];
