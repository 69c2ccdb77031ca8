// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Schema 21: the records behind a figure, a page at a time, without reading the province.
//
// The console's lists (recordlist.cpp) show one thing's records in an area for a range of
// months, newest first. Until now a county's were read through the `county` index and each
// filtered by the month in its body; a city's and the province's read every record of the kind
// (a page of the province's visits took 6.6 s at province scale). Now a counted record keeps
// its month in a typed column, `report_month`, set by the BEFORE trigger that already runs for
// every write (hearth_report_month, which the figures count by), and the index the push already
// kept on `county` holds it as its second column. A list reads each county's entries of the
// months asked, a page at most from each, and merges them: a province's page is 183 short
// range reads, a county's one.
//
// No index is added: PostgreSQL opens every index of `records` for each statement that writes
// it, and a push writes one statement an entry (docs/benchmarks.md, "Issue 13, sixth session").
// An index on the month expression cost visits a third of their push rate in the first session
// (docs/benchmarks.md, "Issue 13"). The month read once: the trigger that keeps the figures
// takes it from the row (hearth_report_item's month argument), where it read it again. A wider
// key, (county, entity, month, id), which would give each county's page in order, cost a person
// 18,000 instructions more (text compared by the collation at every step down the tree); the
// lists sort each county's month instead. Measured in docs/benchmarks.md, "Issue 13, eighth
// session".
//
// `report_month` is NULL for the kinds the report does not count and for a voided or deleted
// record (whose month schema 19 never read). `admin digests verify` checks it against the body,
// as it checks the lookup keys. Written to run again over itself (and after schema 18's and
// 19's steps run again, as tst_lookups runs them).

namespace hearth::server {

inline constexpr const char *kRecordListSchema = R"sql(
ALTER TABLE records ADD COLUMN IF NOT EXISTS report_month DATE;
-- Schema 18's, with the month: a counted record's is read whenever its body is written (one
-- whose time PostgreSQL cannot hold is refused here, as schema 19's item refused it); a voided
-- or deleted one has none, and is not read (a delete now runs the trigger too).
CREATE OR REPLACE FUNCTION records_unhash() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.county := hearth_unit(NEW.scope);
    IF coalesce(current_setting('hearth.hashing_writer', true), '') <> 'on'
       AND (TG_OP = 'INSERT' OR NEW.body IS DISTINCT FROM OLD.body OR NEW.voided_at IS DISTINCT FROM OLD.voided_at) THEN
        NEW.content_hash := NULL;
    END IF;
    IF NEW.entity = 'visit' THEN
        NEW.report_month := CASE WHEN NOT NEW.deleted AND NEW.voided_at IS NULL THEN hearth_report_month('visit', NEW.body) END;
        NEW.flagged := nullif(hearth_visit_flags(NEW.body) <> '{}', false);
        NEW.lookup := CASE WHEN NEW.flagged THEN 'flagged ' || NEW.county END;
    ELSIF NEW.entity IN ('review', 'household') THEN
        NEW.lookup := CASE NEW.entity WHEN 'review' THEN 'review ' || (NEW.body->>'visit_id')
                                      ELSE 'household ' || NEW.scope || ' ' || (NEW.body->>'head_name') END;
    ELSIF NEW.entity IN ('job_fair', 'certificate', 'service', 'followup_note') THEN
        NEW.report_month := CASE WHEN NOT NEW.deleted AND NEW.voided_at IS NULL THEN hearth_report_month(NEW.entity, NEW.body) END;
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER IF EXISTS records_unhash ON records;
CREATE TRIGGER records_unhash BEFORE INSERT OR UPDATE OF body, voided_at, scope, deleted ON records
    FOR EACH ROW EXECUTE FUNCTION records_unhash();
-- The old index first (the backfill then maintains one index less). The backfill runs no trigger
-- (records_unhash and records_digest fire on other columns): the digests and the figures stay as
-- they are. It rewrites every live counted record while `records` is locked: at province scale
-- (2.4 million records) a few minutes in which pushes wait (docs/scaling.md, "Upgrades").
DROP INDEX IF EXISTS records_county;
UPDATE records SET report_month = hearth_report_month(entity, body)
 WHERE entity IN ('visit', 'job_fair', 'certificate', 'service', 'followup_note') AND NOT deleted AND voided_at IS NULL;
CREATE INDEX records_county ON records (county, report_month);

-- Schema 19's rule, with the month given: the trigger passes the one the row holds, so a write
-- reads it once. The three-argument form (the recount, hearth_report_rows, and an older
-- server's batch modes) reads it from the body, for the kinds the report counts.
CREATE OR REPLACE FUNCTION hearth_report_item(r_entity TEXT, r_scope TEXT, r_body JSONB, r_month DATE) RETURNS hearth_report_item
LANGUAGE sql STABLE AS $$
    SELECT CASE r_entity
    WHEN 'visit' THEN
        ROW(r_month, 'visit', 1, 1, coalesce((r_body->>'cash_fen')::bigint, 0),
            CASE WHEN jsonb_typeof(r_body->'goods') = 'array' AND jsonb_array_length(r_body->'goods') > 0
                 THEN hearth_visit_goods(r_body) ELSE 0 END,
            hearth_report_place(r_scope), NULL)::hearth_report_item
    WHEN 'job_fair' THEN
        ROW(r_month, 'job_fair', 1, coalesce((r_body->>'placed')::bigint, 0), 0, 0,
            hearth_report_place(CASE WHEN r_scope = nullif(r_body->>'station_id', '') THEN hearth_station_home(r_scope)
                                     ELSE r_scope END),
            nullif(r_body->>'station_id', ''))::hearth_report_item
    WHEN 'certificate' THEN
        CASE WHEN r_body->>'outcome' IS DISTINCT FROM 'not_possible' THEN
        ROW(r_month, 'certificate', 1, 1, 0, 0,
            hearth_report_place(CASE WHEN r_scope = nullif(r_body->>'station_id', '') THEN hearth_station_home(r_scope)
                                     ELSE r_scope END),
            nullif(r_body->>'station_id', ''))::hearth_report_item
        ELSE ROW(r_month, 'certificate', 0, 0, 0, 0, NULL, NULL)::hearth_report_item END
    WHEN 'service' THEN -- a travel point's entries count in its home county
        ROW(r_month, 'service', 1, coalesce((r_body->>'count')::bigint, 1), 0, 0,
            hearth_report_place(hearth_station_home(r_scope)), r_scope)::hearth_report_item
    WHEN 'followup_note' THEN -- a wage case settled: the note that resolved it, with what was recovered
        -- (The note's own amount: a later note that changes the case fires nothing for this one.)
        CASE WHEN r_body->>'status' = 'resolved' AND hearth_wage_case(r_body->>'followup_id') THEN
        ROW(r_month, 'wage', 1, 1,
            greatest(coalesce((r_body->>'recovered_fen')::bigint, 0), 0), 0,
            -- a station's own case counts in its home county, and at the station
            hearth_report_place(CASE WHEN hearth_digits(r_scope) THEN r_scope ELSE hearth_station_home(r_scope) END),
            CASE WHEN NOT hearth_digits(r_scope) THEN r_scope END)::hearth_report_item
        ELSE ROW(r_month, 'wage', 0, 0, 0, 0, NULL, NULL)::hearth_report_item END
    END
$$;
CREATE OR REPLACE FUNCTION hearth_report_item(r_entity TEXT, r_scope TEXT, r_body JSONB) RETURNS hearth_report_item
LANGUAGE sql STABLE AS $$
    SELECT hearth_report_item(r_entity, r_scope, r_body,
        CASE WHEN r_entity IN ('visit', 'job_fair', 'certificate', 'service', 'followup_note')
             THEN hearth_report_month(r_entity, r_body) END)
$$;

-- Schema 19's trigger, the item given the row's month (the two lines that call it).
CREATE OR REPLACE FUNCTION records_digest() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    batch BOOLEAN := coalesce(current_setting('hearth.digest_batch', true), '') = 'on';
    counted TEXT[] := '{visit,job_fair,certificate,service,followup_note}';
    count_old BOOLEAN;
    count_new BOOLEAN;
    changed BOOLEAN;
    item hearth_report_item;
BEGIN
    IF batch AND coalesce(current_setting('hearth.report_batch', true), '') = 'item' THEN
        -- Nothing for the report when what it counts by did not change (a hash filled in, an
        -- extra scope): only the digests move.
        changed := TG_OP = 'DELETE'
                   OR (TG_OP = 'UPDATE' AND (NEW.body IS DISTINCT FROM OLD.body OR NEW.scope IS DISTINCT FROM OLD.scope
                       OR NEW.deleted IS DISTINCT FROM OLD.deleted OR NEW.voided_at IS DISTINCT FROM OLD.voided_at
                       OR NEW.entity IS DISTINCT FROM OLD.entity));
        -- Plain values only: PostgreSQL prepares each column's expression anew for every row
        -- (an INSERT per row), so the item is a PL/pgSQL expression (its state kept across rows)
        -- and the sums and filters are the flush's. A side that counts nowhere in the report
        -- (a person; the digest alone) leaves the item out.
        IF TG_OP <> 'INSERT' THEN
            IF changed AND OLD.entity = ANY (counted) AND NOT OLD.deleted AND OLD.voided_at IS NULL THEN
                item := hearth_report_item(OLD.entity, OLD.scope, OLD.body, OLD.report_month);
                INSERT INTO pg_temp.batch_delta VALUES (OLD.county, OLD.scope, OLD.extra_scopes, OLD.entity, -1,
                                                        -OLD.content_hash, item);
            ELSIF NOT OLD.deleted AND OLD.content_hash IS NOT NULL THEN
                INSERT INTO pg_temp.batch_delta (county, scope, extras, entity, sign, total)
                VALUES (OLD.county, OLD.scope, OLD.extra_scopes, OLD.entity, -1, -OLD.content_hash);
            END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            IF (TG_OP = 'INSERT' OR changed) AND NEW.entity = ANY (counted) AND NOT NEW.deleted AND NEW.voided_at IS NULL THEN
                item := hearth_report_item(NEW.entity, NEW.scope, NEW.body, NEW.report_month);
                INSERT INTO pg_temp.batch_delta VALUES (NEW.county, NEW.scope, NEW.extra_scopes, NEW.entity, 1,
                                                        NEW.content_hash, item);
            ELSIF NOT NEW.deleted AND NEW.content_hash IS NOT NULL THEN
                INSERT INTO pg_temp.batch_delta (county, scope, extras, entity, sign, total)
                VALUES (NEW.county, NEW.scope, NEW.extra_scopes, NEW.entity, 1, NEW.content_hash);
            END IF;
        END IF;
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' AND NOT OLD.deleted AND OLD.content_hash IS NOT NULL THEN
        IF batch THEN
            INSERT INTO pg_temp.digest_delta VALUES (OLD.county, OLD.scope, coalesce(OLD.extra_scopes, '{}'), OLD.entity,
                                                     -1, -OLD.content_hash);
        ELSE
            UPDATE scope_digests SET n = n - 1, total = total - OLD.content_hash
             WHERE county = OLD.county AND scope = OLD.scope AND extras = coalesce(OLD.extra_scopes, '{}')
               AND entity = OLD.entity;
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' AND NOT NEW.deleted AND NEW.content_hash IS NOT NULL THEN
        IF batch THEN
            INSERT INTO pg_temp.digest_delta VALUES (NEW.county, NEW.scope, coalesce(NEW.extra_scopes, '{}'), NEW.entity,
                                                     1, NEW.content_hash);
        ELSE
            INSERT INTO scope_digests AS d (county, scope, extras, entity, n, total)
            VALUES (NEW.county, NEW.scope, coalesce(NEW.extra_scopes, '{}'), NEW.entity, 1, NEW.content_hash)
            ON CONFLICT (county, scope, extras, entity) DO UPDATE SET n = d.n + 1, total = d.total + excluded.total;
        END IF;
    END IF;
    -- The report's figures: what the record counted before out, what it counts now in; nothing
    -- when what they are counted by did not change (a hash filled in, an extra scope).
    IF TG_OP = 'UPDATE' AND NEW.body IS NOT DISTINCT FROM OLD.body AND NEW.scope IS NOT DISTINCT FROM OLD.scope
       AND NEW.deleted IS NOT DISTINCT FROM OLD.deleted AND NEW.voided_at IS NOT DISTINCT FROM OLD.voided_at
       AND NEW.entity IS NOT DISTINCT FROM OLD.entity THEN
        RETURN NULL;
    END IF;
    count_old := TG_OP <> 'INSERT' AND OLD.entity = ANY (counted) AND NOT OLD.deleted AND OLD.voided_at IS NULL;
    count_new := TG_OP <> 'DELETE' AND NEW.entity = ANY (counted) AND NOT NEW.deleted AND NEW.voided_at IS NULL;
    IF NOT (count_old OR count_new) THEN
        RETURN NULL;
    END IF;
    IF batch AND coalesce(current_setting('hearth.report_batch', true), '') = 'on' THEN
        IF count_old THEN
            INSERT INTO pg_temp.report_delta SELECT x.month, x.area, x.thing, -x.n, -x.people, -x.fen, -x.goods
              FROM hearth_report_rows(OLD.entity, OLD.scope, OLD.body, false) x WHERE x.month IS NOT NULL;
        END IF;
        IF count_new THEN
            INSERT INTO pg_temp.report_delta SELECT x.month, x.area, x.thing, x.n, x.people, x.fen, x.goods
              FROM hearth_report_rows(NEW.entity, NEW.scope, NEW.body, false) x WHERE x.month IS NOT NULL;
        END IF;
    ELSE
        IF count_old THEN
            PERFORM hearth_report_add(x.month, x.area, x.thing, -x.n, -x.people, -x.fen, -x.goods)
               FROM hearth_report_rows(OLD.entity, OLD.scope, OLD.body, false) x WHERE x.month IS NOT NULL;
        END IF;
        IF count_new THEN
            PERFORM hearth_report_add(x.month, x.area, x.thing, x.n, x.people, x.fen, x.goods)
               FROM hearth_report_rows(NEW.entity, NEW.scope, NEW.body, false) x WHERE x.month IS NOT NULL;
        END IF;
    END IF;
    RETURN NULL;
END $$;
)sql";

} // namespace hearth::server
