import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exact record totals without counting rows at read time (the list's `total`, the SKU limit):
 * `record_count` holds, per (schema, lifecycle state), up to 8 slot rows whose sum is the number
 * of records; triggers on `record` keep it exact in the writing transaction (the advisory locks
 * they take use the two-integer key space, apart from the service's single-key locks). And an
 * index for paging one schema's records in creation order.
 */
export class RecordCounts1764001300000 implements MigrationInterface {
  name = 'RecordCounts1764001300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE record_count (
        schema_id text NOT NULL,
        lifecycle_state_id text NOT NULL,
        slot smallint NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (schema_id, lifecycle_state_id, slot)
      );

      -- Adds delta to one slot of a (schema, state). A transaction claims a slot with a
      -- transaction-scoped advisory lock (its own slot first, else the next free one) before
      -- touching its row, so no other open transaction holds or is inserting that row: concurrent
      -- writers neither queue on one hot row nor deadlock on the counts, whatever order they write
      -- pairs in. Only when 8 open transactions hold all of a pair's slots does a writer wait.
      -- search_path FROM CURRENT: the triggers also fire for writers whose search_path lacks this
      -- schema (the bench COPYs into records.record).
      CREATE FUNCTION record_count_add(p_schema_id text, p_state_id text, p_delta bigint) RETURNS void
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        own_slot smallint := pg_backend_pid() % 8;
        pair_key integer := hashtext('record_count:' || p_schema_id || ':' || p_state_id);
        chosen smallint;
      BEGIN
        FOR i IN 0..7 LOOP
          IF pg_try_advisory_xact_lock(pair_key, (own_slot + i) % 8) THEN
            chosen := (own_slot + i) % 8;
            EXIT;
          END IF;
        END LOOP;
        IF chosen IS NULL THEN
          PERFORM pg_advisory_xact_lock(pair_key, own_slot);
          chosen := own_slot;
        END IF;
        INSERT INTO record_count (schema_id, lifecycle_state_id, slot, n) VALUES (p_schema_id, p_state_id, chosen, p_delta)
        ON CONFLICT (schema_id, lifecycle_state_id, slot) DO UPDATE SET n = record_count.n + EXCLUDED.n;
      END $$;

      -- Statement level with transition tables: a COPY or a multi-row INSERT/DELETE costs one
      -- aggregated add per (schema, state), not one per row.
      CREATE FUNCTION record_count_inserted() RETURNS trigger
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE pair record;
      BEGIN
        FOR pair IN SELECT schema_id, lifecycle_state_id, count(*) AS n FROM inserted_records GROUP BY 1, 2 ORDER BY 1, 2 LOOP
          PERFORM record_count_add(pair.schema_id, pair.lifecycle_state_id, pair.n);
        END LOOP;
        RETURN NULL;
      END $$;

      CREATE FUNCTION record_count_deleted() RETURNS trigger
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE pair record;
      BEGIN
        FOR pair IN SELECT schema_id, lifecycle_state_id, count(*) AS n FROM deleted_records GROUP BY 1, 2 ORDER BY 1, 2 LOOP
          PERFORM record_count_add(pair.schema_id, pair.lifecycle_state_id, -pair.n);
        END LOOP;
        RETURN NULL;
      END $$;

      -- Row level for moves: PostgreSQL refuses transition tables on an UPDATE OF trigger, and a
      -- statement trigger on every UPDATE would capture each values write too. The WHEN clause
      -- keeps value writes from calling the function at all; moves are single-row (lifecycle CAS).
      CREATE FUNCTION record_count_moved() RETURNS trigger
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        PERFORM record_count_add(OLD.schema_id, OLD.lifecycle_state_id, -1);
        PERFORM record_count_add(NEW.schema_id, NEW.lifecycle_state_id, 1);
        RETURN NULL;
      END $$;

      CREATE FUNCTION record_count_truncated() RETURNS trigger
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        DELETE FROM record_count;
        RETURN NULL;
      END $$;

      CREATE TRIGGER record_count_insert AFTER INSERT ON record
        REFERENCING NEW TABLE AS inserted_records FOR EACH STATEMENT EXECUTE FUNCTION record_count_inserted();
      CREATE TRIGGER record_count_delete AFTER DELETE ON record
        REFERENCING OLD TABLE AS deleted_records FOR EACH STATEMENT EXECUTE FUNCTION record_count_deleted();
      CREATE TRIGGER record_count_move AFTER UPDATE OF schema_id, lifecycle_state_id ON record FOR EACH ROW
        WHEN (OLD.schema_id IS DISTINCT FROM NEW.schema_id OR OLD.lifecycle_state_id IS DISTINCT FROM NEW.lifecycle_state_id)
        EXECUTE FUNCTION record_count_moved();
      CREATE TRIGGER record_count_truncate AFTER TRUNCATE ON record FOR EACH STATEMENT EXECUTE FUNCTION record_count_truncated();

      -- Backfill after the triggers exist: CREATE TRIGGER's lock keeps writers out until this
      -- transaction commits, so no record is missed or counted twice.
      INSERT INTO record_count (schema_id, lifecycle_state_id, slot, n)
        SELECT schema_id, lifecycle_state_id, 0, count(*) FROM record GROUP BY schema_id, lifecycle_state_id;

      -- GET /records?schemaId= pages one schema in creation order (schema + state has
      -- record_schema_state_idx, state only record_state_idx, no filter record_created_idx).
      CREATE INDEX record_schema_created_idx ON record (schema_id, created_at, id);
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP INDEX record_schema_created_idx;
      DROP TRIGGER record_count_truncate ON record;
      DROP TRIGGER record_count_move ON record;
      DROP TRIGGER record_count_delete ON record;
      DROP TRIGGER record_count_insert ON record;
      DROP FUNCTION record_count_truncated(); DROP FUNCTION record_count_moved();
      DROP FUNCTION record_count_deleted(); DROP FUNCTION record_count_inserted();
      DROP FUNCTION record_count_add(text, text, bigint);
      DROP TABLE record_count;
    `);
  }
}
