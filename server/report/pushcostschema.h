// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Schema 16: most of what the report's figures and the review queue added to a push taken back
// (issue 13 §3 asks for bench_sync's push rate within 10 % of what it was before the rollups;
// docs/benchmarks.md, "Issue 13, fourth session", says how near this comes).
//
// PostgreSQL prepares, for every statement that writes `records`, each partial index's
// predicate and each trigger's WHEN clause anew, and a push writes each entry with its own
// statement. Schema 14's flagged-visit index carried the whole rule (hearth_visit_flags,
// inlined) as its predicate, and schema 12's three report triggers a WHEN clause each: every
// person created paid for both (PostgreSQL's instructions for it +32 % against the server
// before the rollups, a visit's +66 %, counted with callgrind). And the month of a record
// (hearth_report_month) read a date from text, which depends on DateStyle, so being declared
// IMMUTABLE it was never inlined: each visit ran it as a function of its own.
//
// Now: a visit's flags are decided once, by the BEFORE trigger that already runs for every
// record, into a typed column the index's predicate only tests; the report's rows are kept by
// the AFTER trigger that already runs for every record (records_digest), with no WHEN clause,
// and within a push straight into the batch's table; the month is STABLE, as it is, and
// inlined. Measured with bench/pgcost/pg_write_cost.sh (docs/benchmarks.md, "Issue 13, fourth
// session").

namespace hearth::server {

inline constexpr const char *kPushCostSchema = R"sql(
-- A visit a rule flags (hearth_visit_flags not empty): true, else NULL. Kept by records_unhash
-- whenever a body changes; a change to the rule must set it again.
ALTER TABLE records ADD COLUMN flagged BOOLEAN;
CREATE OR REPLACE FUNCTION records_unhash() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.county := hearth_unit(NEW.scope);
    IF coalesce(current_setting('hearth.hashing_writer', true), '') <> 'on'
       AND (TG_OP = 'INSERT' OR NEW.body IS DISTINCT FROM OLD.body OR NEW.voided_at IS DISTINCT FROM OLD.voided_at) THEN
        NEW.content_hash := NULL;
    END IF;
    IF NEW.entity = 'visit' THEN
        NEW.flagged := nullif(hearth_visit_flags(NEW.body) <> '{}', false);
    END IF;
    RETURN NEW;
END $$;
UPDATE records SET flagged = true WHERE entity = 'visit' AND hearth_visit_flags(body) <> '{}';
DROP INDEX records_flagged_visits;
CREATE INDEX records_flagged_visits ON records (county, ((body->>'visited_at')::bigint)) WHERE flagged;

-- A job fair's day is read from text (DateStyle): STABLE, so every caller can inline it.
CREATE OR REPLACE FUNCTION hearth_report_month(r_entity TEXT, r_body JSONB) RETURNS DATE
LANGUAGE sql STABLE AS $$
    SELECT CASE r_entity
        WHEN 'visit' THEN hearth_local_month((r_body->>'visited_at')::bigint, (r_body->>'utc_offset_min')::bigint)
        WHEN 'job_fair' THEN date_trunc('month', (r_body->>'held_on')::date)::date
        WHEN 'followup_note' THEN hearth_local_month((r_body->>'at')::bigint, 480)
        ELSE hearth_local_month((r_body->>'at')::bigint, (r_body->>'utc_offset_min')::bigint) END
$$;

-- Schema 12's function restated whole (an append-only history can only replace it), with one
-- change: the goods of a visit are summed only when it lists some (the sum is a query of its
-- own, which every visit ran).
CREATE OR REPLACE FUNCTION hearth_report_rows(r_entity TEXT, r_scope TEXT, r_body JSONB, r_gone BOOLEAN)
RETURNS TABLE (month DATE, area TEXT, thing TEXT, n BIGINT, people BIGINT, fen BIGINT, goods BIGINT)
LANGUAGE plpgsql STABLE AS $$
DECLARE
    place TEXT := r_scope;
    station TEXT;
    parent JSONB;
BEGIN
    IF r_gone THEN
        RETURN;
    END IF;
    month := hearth_report_month(r_entity, r_body);
    n := 1;
    people := 1;
    fen := 0;
    goods := 0;
    CASE r_entity
    WHEN 'visit' THEN
        thing := 'visit';
        fen := coalesce((r_body->>'cash_fen')::bigint, 0);
        IF jsonb_typeof(r_body->'goods') = 'array' AND jsonb_array_length(r_body->'goods') > 0 THEN
            goods := coalesce((SELECT sum((g->>'quantity')::bigint) FROM jsonb_array_elements(r_body->'goods') g), 0);
        END IF;
    WHEN 'job_fair' THEN
        thing := 'job_fair';
        people := coalesce((r_body->>'placed')::bigint, 0);
        station := nullif(r_body->>'station_id', '');
    WHEN 'certificate' THEN
        IF r_body->>'outcome' = 'not_possible' THEN
            RETURN;
        END IF;
        thing := 'certificate';
        station := nullif(r_body->>'station_id', '');
    WHEN 'service' THEN -- a travel point's entries count in its home county
        thing := 'service';
        people := coalesce((r_body->>'count')::bigint, 1);
        station := r_scope;
    WHEN 'followup_note' THEN -- a wage case settled: the note that resolved it, with what was recovered
        IF r_body->>'status' IS DISTINCT FROM 'resolved' THEN
            RETURN;
        END IF;
        SELECT f.body INTO parent FROM records f WHERE f.entity = 'followup' AND f.id = r_body->>'followup_id';
        IF parent->>'category' IS DISTINCT FROM 'wage_arrears' THEN
            RETURN;
        END IF;
        thing := 'wage';
        -- The note's own amount: a later note that changes the case fires nothing for this one.
        fen := greatest(coalesce((r_body->>'recovered_fen')::bigint, 0), 0);
        IF r_scope !~ '^[0-9]+$' THEN -- a station's own case
            station := r_scope;
        END IF;
    ELSE
        RETURN;
    END CASE;
    IF month IS NULL THEN
        RETURN;
    END IF;
    IF station IS NOT NULL AND place = station THEN -- held by the station: it counts in its home county
        SELECT s.body->>'home_county' INTO place FROM records s WHERE s.entity = 'station' AND s.id = station;
    END IF;
    IF coalesce(place, '') ~ '^[0-9]{2,12}$' THEN
        area := place;
        RETURN NEXT;
    END IF;
    IF station IS NOT NULL THEN
        area := station;
        RETURN NEXT;
    END IF;
END $$;

-- The report's rows kept by the trigger every record write fires already: schema 12's three
-- triggers go. Within a push of a server from schema 16 on (hearth.report_batch, beside its
-- batch's table report_delta) each record's rows go straight into that table, inside the
-- statement that writes the record (an entry whose rows cannot be counted is refused alone,
-- under its own savepoint, as before); anything else (the console, an older server during an
-- upgrade) adds them through hearth_report_add.
DROP TRIGGER records_report_insert ON records;
DROP TRIGGER records_report_update ON records;
DROP TRIGGER records_report_delete ON records;
DROP FUNCTION records_report();
CREATE OR REPLACE FUNCTION records_digest() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    batch BOOLEAN := coalesce(current_setting('hearth.digest_batch', true), '') = 'on';
    counted TEXT[] := '{visit,job_fair,certificate,service,followup_note}';
    count_old BOOLEAN;
    count_new BOOLEAN;
BEGIN
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

// Schema 18: the console's three lookups on `records` under one partial index. PostgreSQL opens
// every index of `records` and prepares each partial index's predicate for every statement that
// writes it, and a push writes one statement an entry: schemas 14 and 15 had added three
// (flagged visits, a visit's review, a village's household by its head's name). One index
// instead of three took 15,000-18,000 of PostgreSQL's instructions off every entry of every
// kind (docs/benchmarks.md, "Issue 13, sixth session"). Now the BEFORE trigger that already runs for every record writes one key,
// `lookup`, where a lookup needs one, and one index holds them all:
//   'flagged <county>'              a visit a rule flags, beside its time (the index's second column)
//   'review <visit id>'             the review of a visit
//   'household <village> <head>'    a household, by its village and its head's name
// `flagged` stays as it was, for a server of schema 16 still running during an upgrade (its
// queries then scan, as a pre-16 server's did; docs/console.md).
// Written to run again over itself (a development database that an earlier build of this step
// migrated under the number 17).
inline constexpr const char *kLookupSchema = R"sql(
ALTER TABLE records ADD COLUMN IF NOT EXISTS lookup TEXT;
CREATE OR REPLACE FUNCTION records_unhash() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.county := hearth_unit(NEW.scope);
    IF coalesce(current_setting('hearth.hashing_writer', true), '') <> 'on'
       AND (TG_OP = 'INSERT' OR NEW.body IS DISTINCT FROM OLD.body OR NEW.voided_at IS DISTINCT FROM OLD.voided_at) THEN
        NEW.content_hash := NULL;
    END IF;
    IF NEW.entity = 'visit' THEN
        NEW.flagged := nullif(hearth_visit_flags(NEW.body) <> '{}', false);
        NEW.lookup := CASE WHEN NEW.flagged THEN 'flagged ' || NEW.county END;
    ELSIF NEW.entity IN ('review', 'household') THEN
        NEW.lookup := CASE NEW.entity WHEN 'review' THEN 'review ' || (NEW.body->>'visit_id')
                                      ELSE 'household ' || NEW.scope || ' ' || (NEW.body->>'head_name') END;
    END IF;
    RETURN NEW;
END $$;
UPDATE records SET lookup = 'flagged ' || county WHERE entity = 'visit' AND flagged;
UPDATE records SET lookup = 'review ' || (body->>'visit_id') WHERE entity = 'review';
UPDATE records SET lookup = 'household ' || scope || ' ' || (body->>'head_name') WHERE entity = 'household';
CREATE INDEX IF NOT EXISTS records_lookup ON records (lookup, ((body->>'visited_at')::bigint)) WHERE lookup IS NOT NULL;
DROP INDEX IF EXISTS records_flagged_visits;
DROP INDEX IF EXISTS records_review_visit;
DROP INDEX IF EXISTS records_household_head;
)sql";

} // namespace hearth::server
