import { VariantsHandler } from '../variants/variants.handler';
import { VariantsService } from '../variants/variants.service';
import { CatalogsHandler } from './catalogs.handler';
import { CatalogsService } from './catalogs.service';
import { CategoriesService } from './categories.service';
import { CategoryAssignmentsService } from './category-assignments.service';

/** Catalogs, categories, assignments and variant reads: the records service owns them all. */
export const CATALOG_PROVIDERS = [CatalogsService, CategoriesService, CategoryAssignmentsService, CatalogsHandler, VariantsService, VariantsHandler];
