import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An annotation belongs to one change of an operation: its attribute and its scope (an operation
 * may propose the same attribute in several languages). Existing annotations were made on the
 * first change of their attribute, so they get that change's scope.
 */
export class AnnotationScope1764002100000 implements MigrationInterface {
  name = 'AnnotationScope1764002100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE annotation ADD COLUMN scope jsonb NOT NULL DEFAULT '{}';
      UPDATE annotation a SET scope = coalesce((
        SELECT change->'scope' FROM operation o, jsonb_array_elements(o.changes) WITH ORDINALITY AS c(change, n)
        WHERE o.id = a.operation_id AND change->>'attributeAlias' = a.attribute_alias
        ORDER BY c.n LIMIT 1
      ), '{}');
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE annotation DROP COLUMN scope');
  }
}
