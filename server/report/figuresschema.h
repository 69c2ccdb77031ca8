// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Schema 12: the monthly report's figures (DESIGN.md §12, docs/console.md), kept in the
// transaction that writes a record, so the console never reads a JSON body per request.
//
// report_figures holds, per month, area and "thing" (visit, job_fair, wage, certificate,
// service), the records counted (n), the people (人次 of visits and services, people placed by a
// fair, workers paid), money (fen: cash handed out on visits, wages recovered) and goods. Each
// record adds to the row of its own area and of every level above it down to its county (a
// village's visit: village, township, county), and a station's records to the station's row
// (its id in `area`, for the station head's view). Cities and the province are summed from their
// counties when asked (183 rows a month for Sichuan): no push ever waits on a province-wide row,
// so pushes of two counties still never touch the same row.
//
// (Schema 16 keeps these rows by records_digest instead of the triggers below, for a cheaper
// push: report/pushcostschema.h.)
//
// Triggers on `records` subtract what a record counted before and add what it counts now, on
// every insert, update (a move, a void, a merge) and delete, as rows appended to report_deltas.
// A push batch sets its deltas aside in a temporary table and appends them summed once before
// it commits (digests.cpp, flushDigests). Nothing a push writes is ever updated by another push:
// readers fold the log into report_figures first (a county's devices pushing together would
// otherwise queue on the county's row up to each other's commits).

namespace hearth::server {

inline constexpr const char *kReportFiguresSchema = R"sql(
CREATE TABLE report_figures (
    county TEXT COLLATE "C" NOT NULL, -- the area's first six digits (or the area, above a county)
    month  DATE NOT NULL,
    area   TEXT COLLATE "C" NOT NULL,
    thing  TEXT NOT NULL,
    n      BIGINT NOT NULL,
    people BIGINT NOT NULL,
    fen    BIGINT NOT NULL,
    goods  BIGINT NOT NULL,
    PRIMARY KEY (county, month, area, thing)
);
-- Cities and the province: their counties' rows (and anything recorded above a county), by month.
CREATE INDEX report_figures_above ON report_figures (month, area) WHERE length(area) <= 6;

-- What writes add, appended and never updated: a county's devices push at the same time, and
-- would otherwise all wait, up to their commits, on the county's row of the month. Readers fold
-- the log into report_figures before they read (figures.cpp, fold); no push ever waits for that.
CREATE TABLE report_deltas (
    id     BIGSERIAL,
    county TEXT COLLATE "C" NOT NULL,
    month  DATE NOT NULL,
    area   TEXT COLLATE "C" NOT NULL,
    thing  TEXT NOT NULL,
    n      BIGINT NOT NULL,
    people BIGINT NOT NULL,
    fen    BIGINT NOT NULL,
    goods  BIGINT NOT NULL,
    PRIMARY KEY (county, id)
);

-- The first day of the local month of a moment (UTC milliseconds and the device's offset).
CREATE OR REPLACE FUNCTION hearth_local_month(at_ms BIGINT, offset_min BIGINT) RETURNS DATE
LANGUAGE sql IMMUTABLE AS $$
    SELECT date_trunc('month', to_timestamp((at_ms + coalesce(offset_min, 480) * 60000) / 1000.0) AT TIME ZONE 'UTC')::date
$$;

-- The month a record counts in (the same months the figures use). Not indexed: an index on this
-- expression cost pushes of visits a third of their rate in bench_sync (docs/benchmarks.md); the
-- console's lists find a county's records by its `county` column and filter by this.
CREATE OR REPLACE FUNCTION hearth_report_month(r_entity TEXT, r_body JSONB) RETURNS DATE
LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE r_entity
        WHEN 'visit' THEN hearth_local_month((r_body->>'visited_at')::bigint, (r_body->>'utc_offset_min')::bigint)
        WHEN 'job_fair' THEN date_trunc('month', (r_body->>'held_on')::date)::date
        WHEN 'followup_note' THEN hearth_local_month((r_body->>'at')::bigint, 480)
        ELSE hearth_local_month((r_body->>'at')::bigint, (r_body->>'utc_offset_min')::bigint) END
$$;

-- The rows an area's figure is kept in: its own, and each level above it down to its county
-- (a station's: its own row only).
CREATE OR REPLACE FUNCTION hearth_report_areas(area TEXT) RETURNS SETOF TEXT
LANGUAGE sql IMMUTABLE AS $$
    SELECT left(area, l) FROM unnest(ARRAY[6, 9, 12]) l WHERE length(area) >= l AND area ~ '^[0-9]+$'
    UNION ALL SELECT area WHERE length(area) < 6 OR area !~ '^[0-9]+$'
$$;

-- (A wage case's figure is the amount on the note that resolved it.)
-- What one record counts in the report (nothing when voided, deleted, or not a counted kind):
-- a row for the area it counts in and, when a station logged it or holds it, one for the
-- station (keyed by its id, for the station head's view).
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
        goods := coalesce((SELECT sum((g->>'quantity')::bigint) FROM jsonb_array_elements(
            CASE WHEN jsonb_typeof(r_body->'goods') = 'array' THEN r_body->'goods' ELSE '[]'::jsonb END) g), 0);
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

CREATE OR REPLACE FUNCTION hearth_report_add(m DATE, a TEXT, t TEXT, dn BIGINT, dp BIGINT, df BIGINT, dg BIGINT)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- A batch's table, when its session made one (a server older than schema 12 still running
    -- during an upgrade batches too, without it: its writes go straight to the log).
    IF coalesce(current_setting('hearth.digest_batch', true), '') = 'on' AND to_regclass('pg_temp.report_delta') IS NOT NULL THEN
        INSERT INTO pg_temp.report_delta VALUES (m, a, t, dn, dp, df, dg);
        RETURN;
    END IF;
    INSERT INTO report_deltas (county, month, area, thing, n, people, fen, goods)
    SELECT left(x, 6), m, x, t, dn, dp, df, dg FROM hearth_report_areas(a) x;
END $$;

CREATE OR REPLACE FUNCTION records_report() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM hearth_report_add(x.month, x.area, x.thing, -x.n, -x.people, -x.fen, -x.goods)
           FROM hearth_report_rows(OLD.entity, OLD.scope, OLD.body, OLD.deleted OR OLD.voided_at IS NOT NULL) x
          WHERE x.month IS NOT NULL;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM hearth_report_add(x.month, x.area, x.thing, x.n, x.people, x.fen, x.goods)
           FROM hearth_report_rows(NEW.entity, NEW.scope, NEW.body, NEW.deleted OR NEW.voided_at IS NOT NULL) x
          WHERE x.month IS NOT NULL;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER records_report_insert AFTER INSERT ON records FOR EACH ROW
    WHEN (NEW.entity IN ('visit', 'job_fair', 'certificate', 'service', 'followup_note'))
    EXECUTE FUNCTION records_report();
CREATE TRIGGER records_report_update AFTER UPDATE OF scope, body, voided_at, deleted ON records FOR EACH ROW
    WHEN (NEW.entity IN ('visit', 'job_fair', 'certificate', 'service', 'followup_note'))
    EXECUTE FUNCTION records_report();
CREATE TRIGGER records_report_delete AFTER DELETE ON records FOR EACH ROW
    WHEN (OLD.entity IN ('visit', 'job_fair', 'certificate', 'service', 'followup_note'))
    EXECUTE FUNCTION records_report();

-- What is there already.
INSERT INTO report_figures (county, month, area, thing, n, people, fen, goods)
SELECT left(a, 6), x.month, a, x.thing, sum(x.n), sum(x.people), sum(x.fen), sum(x.goods)
  FROM records r,
       hearth_report_rows(r.entity, r.scope, r.body, r.deleted OR r.voided_at IS NOT NULL) x,
       hearth_report_areas(x.area) a
 WHERE r.entity IN ('visit', 'job_fair', 'certificate', 'service', 'followup_note') AND x.month IS NOT NULL
 GROUP BY 1, 2, 3, 4;
)sql";

// The log folded into the figures: summed per key, in one order (two readers folding at once
// never wait for each other in a circle).
inline constexpr const char *kReportFiguresFold = R"sql(
WITH d AS (DELETE FROM report_deltas RETURNING *)
INSERT INTO report_figures AS f (county, month, area, thing, n, people, fen, goods)
SELECT county, month, area, thing, sum(n), sum(people), sum(fen), sum(goods) FROM d
 GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
ON CONFLICT (county, month, area, thing) DO UPDATE
    SET n = f.n + excluded.n, people = f.people + excluded.people, fen = f.fen + excluded.fen, goods = f.goods + excluded.goods
)sql";

// The same figures counted again from the records, for `admin digests verify` (every test suite
// runs it after each test), once the log is folded: rows whose kept figures differ from a recount.
inline constexpr const char *kReportFiguresRecount = R"sql(
WITH counted AS (
    SELECT x.month, a AS area, x.thing, sum(x.n) n, sum(x.people) people, sum(x.fen) fen, sum(x.goods) goods
      FROM records r,
           hearth_report_rows(r.entity, r.scope, r.body, r.deleted OR r.voided_at IS NOT NULL) x,
           hearth_report_areas(x.area) a
     WHERE r.entity IN ('visit', 'job_fair', 'certificate', 'service', 'followup_note') AND x.month IS NOT NULL
     GROUP BY 1, 2, 3),
kept AS (SELECT * FROM report_figures WHERE n <> 0 OR people <> 0 OR fen <> 0 OR goods <> 0)
SELECT coalesce(c.month, k.month)::text, coalesce(c.area, k.area), coalesce(c.thing, k.thing),
       coalesce(k.n, 0), coalesce(c.n, 0), coalesce(k.people, 0), coalesce(c.people, 0)
  FROM counted c FULL JOIN kept k ON k.month = c.month AND k.area = c.area AND k.thing = c.thing
 WHERE c.n IS DISTINCT FROM k.n OR c.people IS DISTINCT FROM k.people OR c.fen IS DISTINCT FROM k.fen
    OR c.goods IS DISTINCT FROM k.goods
 LIMIT 20
)sql";

} // namespace hearth::server
