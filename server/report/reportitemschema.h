// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Schema 19: in a push, one row of the batch's table for each side of a record written (its
// digest and its report figures together), what a record counts decided by one inlined
// expression returning one row (hearth_report_item), not a PL/pgSQL set-returning function, and
// area codes told from station ids without a regular expression.
//
// Schema 18 left bench_sync's mixed push (half visits, half updates) at +10.0 % of the whole
// push's work before the rollups, and a push of visits at +18 % (issue 13 §3 asks for 10 %).
// Callgrind's call trees of a visit put what remained in the AFTER trigger (+91k instructions
// against e402e0e): an INSERT into the batch's digest table and another into its report table
// (each an executor started for one row), the report's rule run as a PL/pgSQL table function
// read by INSERT ... SELECT, and, inside it and in hearth_unit and hearth_report_areas, a
// regular expression (PostgreSQL's regex engine costs thousands of instructions a call) to
// tell an area code from a station id. A record counts in at most two places (its area, and the
// station that held it), so the rule now returns them as two columns of one row, the trigger
// writes that row beside the digest's in one INSERT, and a code is digits when nothing is left
// after its digits are trimmed.
//
// hearth_report_rows, which the recount and `admin digests verify` read, is restated over the
// item, so the trigger and the recount keep one rule. c7c4a6a tried this step as schema 17 and
// f89ed61 reverted it; a database it migrated already has the type and the functions, so every
// statement here runs over them (and over itself). Measured with bench/pgcost/
// (docs/benchmarks.md, "Issue 13, seventh session").

namespace hearth::server {

inline constexpr const char *kReportItemSchema = R"sql(
DO $$ BEGIN
    CREATE TYPE hearth_report_item AS (month DATE, thing TEXT, n BIGINT, people BIGINT, fen BIGINT, goods BIGINT,
                                       area TEXT, station TEXT);
EXCEPTION WHEN duplicate_object THEN NULL; -- c7c4a6a's, the same
END $$;

-- Whether a text is digits only (an area code, not a station id): what is left once its
-- digits are trimmed. The same as `~ '^[0-9]+$'` at a fraction of a regular expression's cost.
CREATE OR REPLACE FUNCTION hearth_digits(t TEXT) RETURNS BOOLEAN LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT t <> '' AND ltrim(t, '0123456789') = ''
$$;
-- hearth_unit computes conflicts.county (a generated column), which a restore computes with an
-- empty search_path: built-in functions only.
CREATE OR REPLACE FUNCTION hearth_unit(scope TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN scope <> '' AND ltrim(scope, '0123456789') = '' THEN left(scope, 6) ELSE scope END
$$;
CREATE OR REPLACE FUNCTION hearth_report_areas(area TEXT) RETURNS SETOF TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT left(area, l) FROM unnest(ARRAY[6, 9, 12]) l WHERE length(area) >= l AND hearth_digits(area)
    UNION ALL SELECT area WHERE length(area) < 6 OR NOT hearth_digits(area)
$$;

-- Helpers of the rule that read a table, or a set: evaluated only for the records that need them.
-- A station's home county (where what it held counts).
CREATE OR REPLACE FUNCTION hearth_station_home(station TEXT) RETURNS TEXT LANGUAGE sql STABLE AS $$
    SELECT s.body->>'home_county' FROM records s WHERE s.entity = 'station' AND s.id = station
$$;
-- Whether a follow-up is a wage-arrears case.
CREATE OR REPLACE FUNCTION hearth_wage_case(followup TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
    SELECT coalesce(bool_or(f.body->>'category' = 'wage_arrears'), false) FROM records f
     WHERE f.entity = 'followup' AND f.id = followup
$$;
-- The goods a visit handed out, summed.
CREATE OR REPLACE FUNCTION hearth_visit_goods(r_body JSONB) RETURNS BIGINT LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(sum((g->>'quantity')::bigint), 0) FROM jsonb_array_elements(r_body->'goods') g
$$;
-- An area code the report counts in (2 to 12 digits), or NULL.
CREATE OR REPLACE FUNCTION hearth_report_place(place TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE WHEN length(place) BETWEEN 2 AND 12 AND hearth_digits(place) THEN place END
$$;

-- What a record counts, and where: `area` (its own place, or a station's home county) and
-- `station` (the station that held it); either may be NULL, and with neither (or a NULL month)
-- it counts nowhere. The rules are schema 16's hearth_report_rows, unchanged, as one
-- expression: PostgreSQL inlines it where it is called (the trigger evaluates it as a plain
-- expression; a PL/pgSQL function here cost a visit's push 40k instructions), and the helpers
-- above run only for the records that need them. Something held by a station counts in the
-- station's home county. Every record of a counted kind has its month read, as schema 16 read
-- it first: one whose time PostgreSQL cannot hold is refused (its entry alone, in a push) even
-- when it counts nowhere, so that no list of the console, which filters by month, meets it.
CREATE OR REPLACE FUNCTION hearth_report_item(r_entity TEXT, r_scope TEXT, r_body JSONB) RETURNS hearth_report_item
LANGUAGE sql STABLE AS $$
    SELECT CASE r_entity
    WHEN 'visit' THEN
        ROW(hearth_report_month('visit', r_body), 'visit', 1, 1, coalesce((r_body->>'cash_fen')::bigint, 0),
            CASE WHEN jsonb_typeof(r_body->'goods') = 'array' AND jsonb_array_length(r_body->'goods') > 0
                 THEN hearth_visit_goods(r_body) ELSE 0 END,
            hearth_report_place(r_scope), NULL)::hearth_report_item
    WHEN 'job_fair' THEN
        ROW(hearth_report_month('job_fair', r_body), 'job_fair', 1, coalesce((r_body->>'placed')::bigint, 0), 0, 0,
            hearth_report_place(CASE WHEN r_scope = nullif(r_body->>'station_id', '') THEN hearth_station_home(r_scope)
                                     ELSE r_scope END),
            nullif(r_body->>'station_id', ''))::hearth_report_item
    WHEN 'certificate' THEN
        CASE WHEN r_body->>'outcome' IS DISTINCT FROM 'not_possible' THEN
        ROW(hearth_report_month('certificate', r_body), 'certificate', 1, 1, 0, 0,
            hearth_report_place(CASE WHEN r_scope = nullif(r_body->>'station_id', '') THEN hearth_station_home(r_scope)
                                     ELSE r_scope END),
            nullif(r_body->>'station_id', ''))::hearth_report_item
        ELSE ROW(hearth_report_month('certificate', r_body), 'certificate', 0, 0, 0, 0, NULL, NULL)::hearth_report_item END
    WHEN 'service' THEN -- a travel point's entries count in its home county
        ROW(hearth_report_month('service', r_body), 'service', 1, coalesce((r_body->>'count')::bigint, 1), 0, 0,
            hearth_report_place(hearth_station_home(r_scope)), r_scope)::hearth_report_item
    WHEN 'followup_note' THEN -- a wage case settled: the note that resolved it, with what was recovered
        -- (The note's own amount: a later note that changes the case fires nothing for this one.)
        CASE WHEN r_body->>'status' = 'resolved' AND hearth_wage_case(r_body->>'followup_id') THEN
        ROW(hearth_report_month('followup_note', r_body), 'wage', 1, 1,
            greatest(coalesce((r_body->>'recovered_fen')::bigint, 0), 0), 0,
            -- a station's own case counts in its home county, and at the station
            hearth_report_place(CASE WHEN hearth_digits(r_scope) THEN r_scope ELSE hearth_station_home(r_scope) END),
            CASE WHEN NOT hearth_digits(r_scope) THEN r_scope END)::hearth_report_item
        ELSE ROW(hearth_report_month('followup_note', r_body), 'wage', 0, 0, 0, 0, NULL, NULL)::hearth_report_item END
    END
$$;

-- The recount's shape (one row for each place), over the one rule.
CREATE OR REPLACE FUNCTION hearth_report_rows(r_entity TEXT, r_scope TEXT, r_body JSONB, r_gone BOOLEAN)
RETURNS TABLE (month DATE, area TEXT, thing TEXT, n BIGINT, people BIGINT, fen BIGINT, goods BIGINT)
LANGUAGE sql STABLE AS $$
    SELECT x.month, a.area, x.thing, x.n, x.people, x.fen, x.goods
      FROM hearth_report_item(CASE WHEN NOT r_gone THEN r_entity END, r_scope, r_body) x -- gone: nothing read
      CROSS JOIN LATERAL (VALUES (1, x.area), (2, x.station)) a(k, area)
     WHERE NOT r_gone AND x.month IS NOT NULL AND a.area IS NOT NULL
     ORDER BY a.k
$$;

-- Within a push of a server from schema 19 on (hearth.report_batch = 'item'), each side of a record
-- (what it was, what it is) is one row of the batch's table batch_delta: its digest (`total`,
-- the hash signed; NULL when the side has none, or is deleted) and its report item together,
-- one INSERT where schema 16 made two. The flush (server/digests.cpp)
-- sums them into scope_digests and report_deltas. The rest is schema 16's trigger as it was, for
-- the servers that still use its ways during an upgrade ('on': digest_delta and report_delta)
-- and for every other writer (the console, scripts: scope_digests and hearth_report_add). The
-- two sides are written out, not looped over: copying OLD or NEW into a variable cost a push
-- more than the INSERT it saved.
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
                item := hearth_report_item(OLD.entity, OLD.scope, OLD.body);
                INSERT INTO pg_temp.batch_delta VALUES (OLD.county, OLD.scope, OLD.extra_scopes, OLD.entity, -1,
                                                        -OLD.content_hash, item);
            ELSIF NOT OLD.deleted AND OLD.content_hash IS NOT NULL THEN
                INSERT INTO pg_temp.batch_delta (county, scope, extras, entity, sign, total)
                VALUES (OLD.county, OLD.scope, OLD.extra_scopes, OLD.entity, -1, -OLD.content_hash);
            END IF;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            IF (TG_OP = 'INSERT' OR changed) AND NEW.entity = ANY (counted) AND NOT NEW.deleted AND NEW.voided_at IS NULL THEN
                item := hearth_report_item(NEW.entity, NEW.scope, NEW.body);
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
