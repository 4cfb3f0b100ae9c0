import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Summary shards a transaction claims one of for all its summary changes (see completeness_shard), busy or not. */
export const COMPLETENESS_SHARDS = 16;
/**
 * Shards tried after those when all are busy: more than PostgreSQL's connections (max_connections
 * is 100 by default), so a free one is always found and no writer ever waits for a shard.
 */
export const COMPLETENESS_OVERFLOW_SHARDS = 1024;

/**
 * The statement triggers' body: `source` yields the changed score rows with sign +1 (new) or -1
 * (old). Deltas are summed per summary row first, so an unchanged score (a write that did not touch
 * a required attribute) cancels out and costs no summary write; rows are written in key order.
 */
function applyDeltas(source: string): string {
  return `
    WITH d AS (${source}),
    summary AS (
      INSERT INTO completeness_summary AS t (schema_id, state_id, own, shard, bucket, records, complete, percent_sum)
      SELECT schema_id, state_id, own, completeness_shard(), bucket, n, c, p FROM (
        SELECT schema_id, state_id, own, CASE WHEN percent >= 100 THEN 10 ELSE greatest(percent, 0) / 10 END AS bucket,
               sum(sign) AS n, sum(CASE WHEN complete THEN sign ELSE 0 END) AS c, sum(sign * percent) AS p
        FROM d GROUP BY 1, 2, 3, 4
      ) g WHERE n <> 0 OR c <> 0 OR p <> 0
      ORDER BY 1, 2, 3, 5
      ON CONFLICT (schema_id, state_id, own, shard, bucket) DO UPDATE
        SET records = t.records + EXCLUDED.records, complete = t.complete + EXCLUDED.complete, percent_sum = t.percent_sum + EXCLUDED.percent_sum
    )
    INSERT INTO completeness_missing AS t (schema_id, state_id, own, shard, slot, records)
    SELECT schema_id, state_id, own, completeness_shard(), slot, n FROM (
      SELECT schema_id, state_id, own, slot, sum(sign) AS n FROM d, unnest(d.missing) AS slot GROUP BY 1, 2, 3, 4
    ) g WHERE n <> 0
    ORDER BY 1, 2, 3, 5
    ON CONFLICT (schema_id, state_id, own, shard, slot) DO UPDATE SET records = t.records + EXCLUDED.records`;
}

const COLUMNS = 'schema_id, state_id, own, percent, complete, missing';

/**
 * The schema completeness report from stored data. Each score row also keeps its record's schema,
 * whether the state is the record's current one (`own`, kept by a trigger on lifecycle moves) and
 * its missing slots (slot keys). Statement triggers on `record_completeness` keep two summaries in
 * the writing transaction: per (schema, state, own, bucket of the percentage) the records, complete
 * ones and percentage sum, and per (schema, state, own, slot) the records missing it. So a report
 * reads a few hundred rows whatever the number of records.
 *
 * No hot row: every summary row has a shard, and a transaction claims one shard for all its
 * summary changes with a transaction-scoped advisory lock, tried without waiting (its own of the
 * first COMPLETENESS_SHARDS, else the next free one, else one of the overflow shards); only the
 * claimant touches that shard's rows, so writers never queue on a summary row nor wait for a
 * shard, and so never deadlock over the summaries whatever order they write records in.
 *
 * Existing scores have no missing slots yet: every schema with a rule is queued for a re-score,
 * which reports show as pending until it is done. `done` counts the records a queued re-score has
 * worked through, for its progress.
 */
export class CompletenessSummaries1764002700000 implements MigrationInterface {
  name = 'CompletenessSummaries1764002700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE record_completeness
        ADD COLUMN schema_id text,
        ADD COLUMN own boolean NOT NULL DEFAULT false,
        ADD COLUMN missing text[] NOT NULL DEFAULT '{}';
      UPDATE record_completeness c SET schema_id = r.schema_id, own = (c.state_id = r.lifecycle_state_id) FROM record r WHERE r.id = c.record_id;
      ALTER TABLE record_completeness ALTER COLUMN schema_id SET NOT NULL;
      ALTER TABLE completeness_rescore ADD COLUMN done bigint NOT NULL DEFAULT 0;

      CREATE TABLE completeness_summary (
        schema_id text NOT NULL,
        state_id text NOT NULL,
        own boolean NOT NULL,
        shard smallint NOT NULL,
        bucket smallint NOT NULL,
        records bigint NOT NULL,
        complete bigint NOT NULL,
        percent_sum bigint NOT NULL,
        PRIMARY KEY (schema_id, state_id, own, shard, bucket)
      );
      CREATE TABLE completeness_missing (
        schema_id text NOT NULL,
        state_id text NOT NULL,
        own boolean NOT NULL,
        shard smallint NOT NULL,
        slot text NOT NULL,
        records bigint NOT NULL,
        PRIMARY KEY (schema_id, state_id, own, shard, slot)
      );

      -- The transaction's shard, claimed once and remembered for the transaction (set_config local).
      CREATE FUNCTION completeness_shard() RETURNS smallint
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      DECLARE
        claimed text := current_setting('sigma.completeness_shard', true);
        own_shard smallint := pg_backend_pid() % ${COMPLETENESS_SHARDS};
        key integer := hashtext('completeness_summary');
        chosen smallint;
      BEGIN
        IF claimed IS NOT NULL AND claimed <> '' THEN RETURN claimed::smallint; END IF;
        FOR i IN 0..${COMPLETENESS_SHARDS - 1} LOOP
          IF pg_try_advisory_xact_lock(key, (own_shard + i) % ${COMPLETENESS_SHARDS}) THEN
            chosen := (own_shard + i) % ${COMPLETENESS_SHARDS};
            EXIT;
          END IF;
        END LOOP;
        IF chosen IS NULL THEN
          FOR i IN ${COMPLETENESS_SHARDS}..${COMPLETENESS_OVERFLOW_SHARDS - 1} LOOP
            IF pg_try_advisory_xact_lock(key, i) THEN
              chosen := i;
              EXIT;
            END IF;
          END LOOP;
        END IF;
        -- Only with more transactions open than connections allow; kept so the function always answers.
        IF chosen IS NULL THEN
          PERFORM pg_advisory_xact_lock(key, own_shard);
          chosen := own_shard;
        END IF;
        PERFORM set_config('sigma.completeness_shard', chosen::text, true);
        RETURN chosen;
      END $$;

      CREATE FUNCTION completeness_scores_inserted() RETURNS trigger
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        ${applyDeltas(`SELECT ${COLUMNS}, 1 AS sign FROM new_scores`)};
        RETURN NULL;
      END $$;
      CREATE FUNCTION completeness_scores_updated() RETURNS trigger
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        ${applyDeltas(`SELECT ${COLUMNS}, 1 AS sign FROM new_scores UNION ALL SELECT ${COLUMNS}, -1 FROM old_scores`)};
        RETURN NULL;
      END $$;
      CREATE FUNCTION completeness_scores_deleted() RETURNS trigger
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        ${applyDeltas(`SELECT ${COLUMNS}, -1 AS sign FROM old_scores`)};
        RETURN NULL;
      END $$;
      CREATE FUNCTION completeness_scores_truncated() RETURNS trigger
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        DELETE FROM completeness_summary;
        DELETE FROM completeness_missing;
        RETURN NULL;
      END $$;
      CREATE TRIGGER completeness_scores_insert AFTER INSERT ON record_completeness
        REFERENCING NEW TABLE AS new_scores FOR EACH STATEMENT EXECUTE FUNCTION completeness_scores_inserted();
      CREATE TRIGGER completeness_scores_update AFTER UPDATE ON record_completeness
        REFERENCING OLD TABLE AS old_scores NEW TABLE AS new_scores FOR EACH STATEMENT EXECUTE FUNCTION completeness_scores_updated();
      CREATE TRIGGER completeness_scores_delete AFTER DELETE ON record_completeness
        REFERENCING OLD TABLE AS old_scores FOR EACH STATEMENT EXECUTE FUNCTION completeness_scores_deleted();
      CREATE TRIGGER completeness_scores_truncate AFTER TRUNCATE ON record_completeness
        FOR EACH STATEMENT EXECUTE FUNCTION completeness_scores_truncated();

      -- A lifecycle move changes which of the record's scores is its own; that update feeds the summaries.
      CREATE FUNCTION completeness_record_moved() RETURNS trigger
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        UPDATE record_completeness SET own = (state_id = NEW.lifecycle_state_id)
          WHERE record_id = NEW.id AND own IS DISTINCT FROM (state_id = NEW.lifecycle_state_id);
        RETURN NULL;
      END $$;
      CREATE TRIGGER completeness_record_move AFTER UPDATE OF lifecycle_state_id ON record FOR EACH ROW
        WHEN (OLD.lifecycle_state_id IS DISTINCT FROM NEW.lifecycle_state_id)
        EXECUTE FUNCTION completeness_record_moved();

      -- Summaries of the scores stored so far (shard 0), then every rule's records re-scored for their missing slots.
      INSERT INTO completeness_summary (schema_id, state_id, own, shard, bucket, records, complete, percent_sum)
        SELECT schema_id, state_id, own, 0, CASE WHEN percent >= 100 THEN 10 ELSE greatest(percent, 0) / 10 END, count(*), count(*) FILTER (WHERE complete), sum(percent)
        FROM record_completeness GROUP BY 1, 2, 3, 5;
      INSERT INTO completeness_rescore (schema_id, after_id, requested_at) SELECT schema_id, NULL, now() FROM completeness_rule
        ON CONFLICT (schema_id) DO UPDATE SET after_id = NULL, requested_at = now();
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TRIGGER completeness_record_move ON record;
      DROP FUNCTION completeness_record_moved();
      DROP TRIGGER completeness_scores_truncate ON record_completeness;
      DROP TRIGGER completeness_scores_delete ON record_completeness;
      DROP TRIGGER completeness_scores_update ON record_completeness;
      DROP TRIGGER completeness_scores_insert ON record_completeness;
      DROP FUNCTION completeness_scores_truncated(); DROP FUNCTION completeness_scores_deleted();
      DROP FUNCTION completeness_scores_updated(); DROP FUNCTION completeness_scores_inserted();
      DROP FUNCTION completeness_shard();
      DROP TABLE completeness_missing; DROP TABLE completeness_summary;
      ALTER TABLE completeness_rescore DROP COLUMN done;
      ALTER TABLE record_completeness DROP COLUMN missing, DROP COLUMN own, DROP COLUMN schema_id;
    `);
  }
}
