import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Catalogs, their category trees, and the assignment of records to categories. */
export class CatalogsAndCategories1764000700000 implements MigrationInterface {
  name = 'CatalogsAndCategories1764000700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE catalog (
        id text PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- Category ids are unique across catalogs. Parents are deleted after their children (by the
      -- service, which decides about cascades), so the parent reference never cascades on its own.
      CREATE TABLE category (
        id text PRIMARY KEY,
        catalog_id text NOT NULL REFERENCES catalog (id),
        parent_id text REFERENCES category (id),
        name text NOT NULL,
        names jsonb NOT NULL DEFAULT '[]',
        sort_order integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX category_catalog_idx ON category (catalog_id, sort_order, id);
      CREATE INDEX category_parent_idx ON category (parent_id) WHERE parent_id IS NOT NULL;
      -- Deleting a record (or a category) removes its assignments.
      CREATE TABLE category_assignment (
        record_id text NOT NULL REFERENCES record (id) ON DELETE CASCADE,
        category_id text NOT NULL REFERENCES category (id) ON DELETE CASCADE,
        sort_order integer NOT NULL DEFAULT 0,
        assigned_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (record_id, category_id)
      );
      -- GET /records?categoryId= pages a category's records in sort order.
      CREATE INDEX category_assignment_category_idx ON category_assignment (category_id, sort_order, record_id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE category_assignment; DROP TABLE category; DROP TABLE catalog;');
  }
}
