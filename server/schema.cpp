// SPDX-License-Identifier: GPL-3.0-or-later
// The server's schema history. Append only. Plain tables, indexes and sequences: what
// PostgreSQL-compatible distributed engines (Citus) also run (docs/scaling.md).
#include "schema.h"

#include "console/consoleschema.h"
#include "console/recordlistschema.h"
#include "report/figuresschema.h"
#include "report/pushcostschema.h"
#include "report/reportitemschema.h"

#include <array>

namespace hearth::server {
namespace {

struct Step
{
    int version;
    const char *sql;
};

constexpr const char *kV1 = R"sql(
CREATE TABLE users (
    id            BIGSERIAL PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('cadre', 'volunteer', 'station', 'supervisor', 'admin')),
    password_hash TEXT NOT NULL,
    scopes        TEXT[] NOT NULL,   -- area code prefixes and station ids
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- A device enrols once; its token is kept only as a SHA-256 hash. last_seq is the highest
-- outbox sequence applied, written in the same transaction as the changes it covers.
CREATE TABLE devices (
    id          TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL UNIQUE,
    last_seq    BIGINT NOT NULL DEFAULT 0,
    enrolled_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen   TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);

-- The current state of every record, by entity and id; scope is its area code or station id.
CREATE TABLE records (
    entity     TEXT NOT NULL,
    id         TEXT NOT NULL,
    scope      TEXT NOT NULL,
    body       JSONB NOT NULL,
    deleted    BOOLEAN NOT NULL DEFAULT false,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (entity, id)
);

-- What devices pull: every applied change, in commit order. Pushes take one transaction-level
-- advisory lock, so cursors are assigned in commit order and a pull never skips a change.
CREATE TABLE changes (
    cursor     BIGSERIAL PRIMARY KEY,
    entity     TEXT NOT NULL,
    id         TEXT NOT NULL,
    scope      TEXT NOT NULL,
    op         TEXT NOT NULL,
    body       JSONB NOT NULL,
    device_id  TEXT NOT NULL,
    seq        BIGINT NOT NULL,
    applied_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (device_id, seq)
);
CREATE INDEX changes_scope ON changes (scope, cursor);

-- Changes refused (out of scope, invalid, an append-only record pushed twice with other
-- content): kept for review; they never block the changes behind them.
CREATE TABLE rejections (
    device_id TEXT NOT NULL,
    seq       BIGINT NOT NULL,
    entity    TEXT NOT NULL,
    id        TEXT NOT NULL,
    reason    TEXT NOT NULL,
    payload   JSONB NOT NULL,
    at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, seq)
);

-- Same-field edits made offline from the same base: the value that lost is kept here for a
-- supervisor to review, and shown to the devices; it is never dropped.
CREATE TABLE conflicts (
    id          BIGSERIAL PRIMARY KEY,
    entity      TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    scope       TEXT NOT NULL,
    field       TEXT NOT NULL,
    kept        TEXT,
    lost        TEXT,
    kept_device TEXT,
    lost_device TEXT NOT NULL,
    at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at TIMESTAMPTZ
);
CREATE INDEX conflicts_open ON conflicts (scope) WHERE resolved_at IS NULL;
)sql";

constexpr const char *kV2 = R"sql(
-- The hybrid logical clock of the entry behind each change; devices advance theirs past it.
ALTER TABLE changes ADD COLUMN hlc BIGINT NOT NULL DEFAULT 0;

-- Photos arrive in chunks (tus-style: the server says how much it holds, the device sends
-- from there). Named by the SHA-256 of the whole file, so the same photo is stored once.
CREATE TABLE photos (
    hash        TEXT PRIMARY KEY,
    size        BIGINT NOT NULL,
    received    BIGINT NOT NULL DEFAULT 0,
    complete    BOOLEAN NOT NULL DEFAULT false,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ
);
CREATE TABLE photo_chunks (
    hash     TEXT NOT NULL,
    "offset" BIGINT NOT NULL,
    data     BYTEA NOT NULL,
    PRIMARY KEY (hash, "offset")
);
-- Which scopes a photo belongs to: written when a record naming it is pushed. A device may
-- upload only photos its scope's records name.
CREATE TABLE photo_refs (
    hash  TEXT NOT NULL,
    scope TEXT NOT NULL,
    PRIMARY KEY (hash, scope)
);
)sql";

constexpr const char *kV3 = R"sql(
-- Records that name a person: a person is deleted only when none does.
CREATE INDEX records_person_ref ON records ((body->>'person_id')) WHERE entity IN ('visit', 'followup', 'service');
-- And a household: deleted only when no person or visit names it.
CREATE INDEX records_household_ref ON records ((body->>'household_id')) WHERE entity IN ('person', 'visit');
)sql";

constexpr const char *kV4 = R"sql(
-- Append-only records are voided, never rewritten: their body stays as recorded.
ALTER TABLE records ADD COLUMN voided_at BIGINT;
-- A refused entry is kept as it came, as JSON text: it may hold what jsonb refuses (U+0000).
ALTER TABLE rejections ALTER COLUMN payload TYPE TEXT USING payload::text;
ALTER TABLE rejections ADD COLUMN op TEXT;
-- Changes the server derives (a note moving its follow-up) have no sequence of their own.
ALTER TABLE changes ALTER COLUMN seq DROP NOT NULL;
-- What each (device, seq) said (protocol::entryHash), so a re-sent entry is told from another
-- store's new one: in the change row it made, or here for an entry that made none (refused, or
-- a duplicate of what another store sent).
ALTER TABLE changes ADD COLUMN entry_hash BIGINT; -- its first 64 bits: every change row has one, so kept small
CREATE TABLE entry_hashes (
    device_id TEXT NOT NULL,
    seq       BIGINT NOT NULL,
    hash      BIGINT NOT NULL,
    PRIMARY KEY (device_id, seq)
);
-- Two records that are one person (the same resident ID number, registered on two devices):
-- both kept until a supervisor merges them.
CREATE TABLE duplicates (
    id          BIGSERIAL PRIMARY KEY,
    entity      TEXT NOT NULL,
    first_id    TEXT NOT NULL,
    second_id   TEXT NOT NULL,
    scope       TEXT NOT NULL,
    reason      TEXT NOT NULL,
    found_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    resolved_at TIMESTAMPTZ,
    UNIQUE (entity, first_id, second_id)
);
CREATE INDEX records_id_number ON records ((body->>'id_number'))
    WHERE entity = 'person' AND body->>'id_number' IS NOT NULL; -- most people: no index entry to write
)sql";

constexpr const char *kV5 = R"sql(
-- A record may be in more than one scope: a person a branch station follows is in their
-- village's scope and in the station's, with their visits and follow-ups. The first scope
-- stays in `scope`; the others (station ids) are here, and a change row carries them too.
ALTER TABLE records ADD COLUMN extra_scopes TEXT[];  -- NULL: in its one scope only (most records)
ALTER TABLE changes ADD COLUMN extra_scopes TEXT[];
-- Partial: most records are in one scope, and a write to a GIN index is dear.
CREATE INDEX records_extra_scopes ON records USING GIN (extra_scopes) WHERE extra_scopes IS NOT NULL;
CREATE INDEX changes_extra_scopes ON changes USING GIN (extra_scopes) WHERE extra_scopes IS NOT NULL;
-- People a station already followed before this version, and what lives under them.
UPDATE records SET extra_scopes = ARRAY[body->>'station_id']
 WHERE entity = 'person' AND coalesce(body->>'station_id', '') <> '' AND body->>'station_id' <> scope;
UPDATE records v SET extra_scopes = p.extra_scopes FROM records p
 WHERE v.entity IN ('visit', 'followup') AND p.entity = 'person' AND p.id = v.body->>'person_id'
   AND p.extra_scopes IS NOT NULL;
-- The records that live under a visit's or follow-up's person, and under a follow-up.
CREATE INDEX records_followup_ref ON records ((body->>'followup_id')) WHERE entity = 'followup_note';
)sql";

constexpr const char *kV6 = R"sql(
-- A person merged into another stays as a tombstone that redirects: what names it lands there.
ALTER TABLE records ADD COLUMN merged_into TEXT;
-- The entry that made the record (protocol::entryHash): the same create sent again by a copy of
-- the store, or after enrolling again, is a duplicate however the record changed since.
ALTER TABLE records ADD COLUMN create_hash BIGINT;
-- What administrators and supervisors did: merges, resolutions. Append-only.
CREATE TABLE audit (
    id      BIGSERIAL PRIMARY KEY,
    at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail  TEXT,
    reason  TEXT
);
)sql";

constexpr const char *kV7 = R"sql(
-- GB/T 2260 areas: what an area scope may name (admin areas import).
CREATE TABLE areas (
    code        TEXT PRIMARY KEY CHECK (code ~ '^[0-9]{2,12}$'),
    name        TEXT NOT NULL,
    level       SMALLINT NOT NULL CHECK (level BETWEEN 1 AND 5),
    parent_code TEXT
);
-- Scopes are granted by administrators only. Entries earlier versions added for stations
-- pushed from the field are dropped unless they are a station's UUID: an id such as "51" was
-- read as an area prefix.
UPDATE users SET scopes = ARRAY(
    SELECT s FROM unnest(scopes) s
     WHERE s ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
        OR (s ~ '^[0-9]{2,12}$' AND NOT EXISTS (SELECT 1 FROM records r WHERE r.entity = 'station' AND r.id = s)));
-- A removed user keeps their row (devices and audit entries name it) but signs in no more.
ALTER TABLE users ADD COLUMN removed_at TIMESTAMPTZ;
-- Failed sign-ins by user name and by client address: the delay the next attempt must wait.
CREATE TABLE auth_failures (
    key          TEXT PRIMARY KEY,   -- 'user:NAME' or 'addr:ADDRESS'
    failures     INTEGER NOT NULL,
    last_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    locked_until TIMESTAMPTZ
);
ALTER TABLE devices ADD COLUMN revoke_reason TEXT;
-- The audit trail as a hash chain: each entry holds the hash of the one before (audit.cpp).
ALTER TABLE audit ADD COLUMN prev_hash TEXT;
ALTER TABLE audit ADD COLUMN hash TEXT;
)sql";

constexpr const char *kV8 = R"sql(
-- Device control (docs/access.md): what each device last said of itself, a wipe on its next
-- contact, the offline lease (days without contact before it locks), and its audit chain.
ALTER TABLE devices ADD COLUMN app_version TEXT;
ALTER TABLE devices ADD COLUMN waiting_records INTEGER;
ALTER TABLE devices ADD COLUMN waiting_photos INTEGER;
ALTER TABLE devices ADD COLUMN reported_at TIMESTAMPTZ;
ALTER TABLE devices ADD COLUMN wipe_requested_at TIMESTAMPTZ;
ALTER TABLE devices ADD COLUMN wiped_at TIMESTAMPTZ;
ALTER TABLE devices ADD COLUMN audit_seq BIGINT NOT NULL DEFAULT 0;  -- the last entry of its chain accepted
ALTER TABLE devices ADD COLUMN audit_hash TEXT;
ALTER TABLE users ADD COLUMN offline_lease_days INTEGER NOT NULL DEFAULT 30 CHECK (offline_lease_days BETWEEN 1 AND 365);
-- A device's audit entries as it chained them; `broken` when the link to the one before did not
-- hold (an entry removed or changed on the phone), kept and flagged, never refused.
CREATE TABLE device_audit (
    device_id TEXT NOT NULL,
    seq       BIGINT NOT NULL,
    at        BIGINT NOT NULL,      -- the device's UTC milliseconds
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT,
    reason    TEXT,
    prev_hash TEXT,
    hash      TEXT NOT NULL,
    broken    BOOLEAN NOT NULL DEFAULT false,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, seq)
);
)sql";

constexpr const char *kV9 = R"sql(
-- Province scale (docs/scaling.md). The unit of writing and of distribution is the county: a
-- record's unit is the first six digits of its area scope (a city's or the province's own
-- records, such as their campaigns, form units of their own), or its station's id for a
-- station's own records (a travel point writes its services in its own stream).
CREATE FUNCTION hearth_unit(scope TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE WHEN scope ~ '^[0-9]+$' THEN left(scope, 6) ELSE scope END $$;

-- Every unit that ever held a change: what a city's or the province's scope spans.
CREATE TABLE units (unit TEXT PRIMARY KEY);

-- Taken once per transaction and unit, before a cursor of that unit is drawn: writers of one
-- unit are serialised (its cursors follow commit order, so a reader that reads a unit's changes
-- after a cursor never skips one), writers of two units are not.
CREATE FUNCTION hearth_take_unit(u TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    k TEXT := 'hearth.unit_' || md5(u);
BEGIN
    IF coalesce(current_setting(k, true), '') = '' THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('hearth-unit:' || u, 0));
        INSERT INTO units (unit) VALUES (u) ON CONFLICT DO NOTHING;
        PERFORM set_config(k, '1', true);
    END IF;
END $$;

-- A change's unit is its scope's, or given (a row only for the stations that gain or lose a
-- record has no scope of its own: it stays in the record's county). Its cursor is drawn only
-- once the unit is held (never by a column default, which would be drawn before the lock).
CREATE FUNCTION changes_cursor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.county := coalesce(NEW.county, hearth_unit(NEW.scope));
    PERFORM hearth_take_unit(NEW.county);
    NEW.cursor := nextval('changes_cursor_seq');
    RETURN NEW;
END $$;

-- Every record and change carries its unit (the distribution key).
ALTER TABLE records ADD COLUMN county TEXT GENERATED ALWAYS AS (hearth_unit(scope)) STORED;
ALTER TABLE changes ADD COLUMN county TEXT;
UPDATE changes c SET county = coalesce(nullif(hearth_unit(c.scope), ''),
                                      (SELECT r.county FROM records r WHERE r.entity = c.entity AND r.id = c.id), '');
ALTER TABLE changes ALTER COLUMN county SET NOT NULL;
INSERT INTO units (unit) SELECT DISTINCT county FROM changes ON CONFLICT DO NOTHING;
ALTER TABLE changes ALTER COLUMN cursor DROP DEFAULT;
CREATE TRIGGER changes_cursor BEFORE INSERT ON changes FOR EACH ROW EXECUTE FUNCTION changes_cursor();

-- Typed area columns: what a village, township or county device reads, in cursor order, from
-- an index of its own level (never LIKE over the province).
ALTER TABLE changes ADD COLUMN township TEXT
    GENERATED ALWAYS AS (CASE WHEN scope ~ '^[0-9]{9}' THEN left(scope, 9) END) STORED;
ALTER TABLE changes ADD COLUMN village TEXT
    GENERATED ALWAYS AS (CASE WHEN scope ~ '^[0-9]{12}$' THEN scope END) STORED;
ALTER TABLE changes DROP CONSTRAINT changes_pkey;
ALTER TABLE changes ADD PRIMARY KEY (county, cursor);
CREATE INDEX changes_township ON changes (township, cursor) WHERE township IS NOT NULL;
CREATE INDEX changes_village ON changes (village, cursor) WHERE village IS NOT NULL;
CREATE INDEX changes_followed ON changes (county, cursor) WHERE extra_scopes IS NOT NULL;
CREATE INDEX changes_campaigns ON changes (county, cursor) WHERE entity = 'campaign';
DROP INDEX changes_scope;
DROP INDEX changes_extra_scopes;

-- The scope checksum, maintained: per unit, placement and kind, how many live records and the
-- sum of their content hashes (SHA-256 of model::canonicalRecord, as a number). The sum does
-- not care about order, so a write subtracts what the record was and adds what it is; a
-- device's checksum reads the rows of its scope (digests.cpp) instead of its records.
ALTER TABLE records ADD COLUMN content_hash NUMERIC; -- set by every write of body or voided_at
CREATE INDEX records_county ON records (county);
CREATE INDEX records_unhashed ON records (entity, id) WHERE content_hash IS NULL; -- empty once backfilled
CREATE TABLE scope_digests (
    county TEXT NOT NULL,
    scope  TEXT NOT NULL,
    extras TEXT[] NOT NULL,
    entity TEXT NOT NULL,
    n      BIGINT NOT NULL,
    total  NUMERIC NOT NULL,
    PRIMARY KEY (county, scope, extras, entity)
);
CREATE INDEX scope_digests_followed ON scope_digests USING GIN (extras) WHERE extras <> '{}';
CREATE FUNCTION records_digest() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND NOT OLD.deleted AND OLD.content_hash IS NOT NULL THEN
        UPDATE scope_digests SET n = n - 1, total = total - OLD.content_hash
         WHERE county = OLD.county AND scope = OLD.scope AND extras = coalesce(OLD.extra_scopes, '{}')
           AND entity = OLD.entity;
    END IF;
    IF TG_OP <> 'DELETE' AND NOT NEW.deleted AND NEW.content_hash IS NOT NULL THEN
        INSERT INTO scope_digests AS d (county, scope, extras, entity, n, total)
        VALUES (NEW.county, NEW.scope, coalesce(NEW.extra_scopes, '{}'), NEW.entity, 1, NEW.content_hash)
        ON CONFLICT (county, scope, extras, entity) DO UPDATE SET n = d.n + 1, total = d.total + excluded.total;
    END IF;
    RETURN NULL;
END $$;
-- Two people with one ID number pushed at once in two counties: the second waits for the
-- first on the number's bucket row (push.cpp), and sees it. Buckets, never the numbers.
CREATE TABLE id_number_guard (bucket BIGINT PRIMARY KEY);
CREATE TRIGGER records_digest AFTER INSERT OR DELETE OR UPDATE OF scope, extra_scopes, deleted, content_hash, body, voided_at
    ON records FOR EACH ROW EXECUTE FUNCTION records_digest();
-- hearth-server sets the content hash with every write (its sessions say so: digests.cpp). A
-- body changed by anyone else (by hand, a script) loses its hash: the record leaves the
-- digests, devices see the difference, and the next start hashes what it now says.
CREATE FUNCTION records_unhash() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('hearth.hashing_writer', true), '') <> 'on' THEN
        NEW.content_hash := NULL;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER records_unhash BEFORE INSERT OR UPDATE OF body, voided_at ON records
    FOR EACH ROW EXECUTE FUNCTION records_unhash();
)sql";

constexpr const char *kV10 = R"sql(
-- Ready for a distributed PostgreSQL (Citus; docs/scaling.md, "Distribution", checked by
-- tests/server/tst_distribution.cpp): every key of a table includes its distribution column,
-- and no lock has to span the cluster.
-- A unit's writers now wait for each other on the unit's row (a row lock lives with the unit's
-- shard, wherever the statement runs), not on an advisory lock.
-- A unit's row exists, committed, before any cursor is drawn in it: a reader that holds the
-- units of its scope (protocol 1, the feeds) then sees a new unit before its first change. So
-- hearth-server makes a missing unit's row in a transaction of its own and runs its batch again
-- (SQLSTATE HU001 names the unit); other sessions (by hand, tests) make it in theirs.
CREATE OR REPLACE FUNCTION hearth_take_unit(u TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    k TEXT := 'hearth.unit_' || md5(u);
BEGIN
    IF coalesce(current_setting(k, true), '') = '' THEN
        PERFORM 1 FROM units WHERE unit = u FOR UPDATE;
        IF NOT FOUND THEN
            IF coalesce(current_setting('hearth.hashing_writer', true), '') = 'on' THEN
                RAISE EXCEPTION 'a new unit' USING ERRCODE = 'HU001', CONSTRAINT = u;
            END IF;
            INSERT INTO units (unit) VALUES (u) ON CONFLICT DO NOTHING;
            PERFORM 1 FROM units WHERE unit = u FOR UPDATE;
        END IF;
        PERFORM set_config(k, '1', true);
    END IF;
END $$;
-- Every unit where a station's people have had change rows: a station device reads them all,
-- also where it follows nobody any more (the rows that tell it to drop those people are there).
CREATE TABLE station_units (
    station TEXT NOT NULL,
    unit    TEXT NOT NULL,
    PRIMARY KEY (station, unit)
);
INSERT INTO station_units (station, unit)
    SELECT DISTINCT s, county FROM changes, unnest(extra_scopes) s WHERE extra_scopes IS NOT NULL;
-- A record's id is unique across the province: the registry says so, keyed by the id itself;
-- records are keyed within their unit.
CREATE TABLE record_ids (
    entity TEXT NOT NULL,
    id     TEXT NOT NULL,
    PRIMARY KEY (entity, id)
);
INSERT INTO record_ids (entity, id) SELECT entity, id FROM records;
ALTER TABLE records DROP CONSTRAINT records_pkey;
ALTER TABLE records ADD PRIMARY KEY (entity, id, county);
ALTER TABLE conflicts ADD COLUMN county TEXT GENERATED ALWAYS AS (hearth_unit(scope)) STORED;
ALTER TABLE conflicts DROP CONSTRAINT conflicts_pkey;
ALTER TABLE conflicts ADD PRIMARY KEY (id, county);
-- One change row per (device, sequence) is the push's own guarantee (devices.last_seq, read FOR
-- UPDATE); the key serves its lookups.
ALTER TABLE changes DROP CONSTRAINT changes_device_id_seq_key;
ALTER TABLE changes ADD CONSTRAINT changes_device_seq UNIQUE (device_id, seq, county);
-- A push holds its units before it writes: its cursors then come from the column's default,
-- drawn after the lock, and the trigger only looks. A unit not held yet (or not named) is taken
-- and the cursor drawn again. (Trigger WHEN clauses are parsed again at every statement: dearer
-- than the call.)
ALTER TABLE changes ALTER COLUMN cursor SET DEFAULT nextval('changes_cursor_seq');
-- The typed area columns are filled by the triggers that run anyway, no longer generated: a
-- generated column's expression is planned again at every statement (a sixth of a push).
ALTER TABLE changes ALTER COLUMN township DROP EXPRESSION;
ALTER TABLE changes ALTER COLUMN village DROP EXPRESSION;
ALTER TABLE records ALTER COLUMN county DROP EXPRESSION;
CREATE OR REPLACE FUNCTION changes_cursor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.township := CASE WHEN length(NEW.scope) >= 9 AND NEW.scope ~ '^[0-9]+$' THEN left(NEW.scope, 9) END;
    NEW.village := CASE WHEN length(NEW.scope) = 12 AND NEW.scope ~ '^[0-9]+$' THEN NEW.scope END;
    IF NEW.county IS NULL OR coalesce(current_setting('hearth.unit_' || md5(NEW.county), true), '') = '' THEN
        NEW.county := coalesce(NEW.county, hearth_unit(NEW.scope));
        PERFORM hearth_take_unit(NEW.county);
        NEW.cursor := nextval('changes_cursor_seq');
    END IF;
    IF NEW.extra_scopes IS NOT NULL THEN
        INSERT INTO station_units (station, unit) SELECT s, NEW.county FROM unnest(NEW.extra_scopes) s ON CONFLICT DO NOTHING;
    END IF;
    RETURN NEW;
END $$;
-- A record's unit follows its scope; a body changed by anyone but hearth-server loses its hash.
CREATE OR REPLACE FUNCTION records_unhash() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.county := hearth_unit(NEW.scope);
    IF coalesce(current_setting('hearth.hashing_writer', true), '') <> 'on'
       AND (TG_OP = 'INSERT' OR NEW.body IS DISTINCT FROM OLD.body OR NEW.voided_at IS DISTINCT FROM OLD.voided_at) THEN
        NEW.content_hash := NULL;
    END IF;
    RETURN NEW;
END $$;
DROP TRIGGER records_unhash ON records;
CREATE TRIGGER records_unhash BEFORE INSERT OR UPDATE OF body, voided_at, scope ON records
    FOR EACH ROW EXECUTE FUNCTION records_unhash();
-- A push writes many records of one village: its digest row would be updated once per record,
-- each a new row version that the next must step over. A push batch (hearth.digest_batch) sets
-- its deltas aside in a temporary table of its session instead, and adds them up once per key
-- before it commits (digests.cpp, flushDigests); every other write updates the row directly.
CREATE OR REPLACE FUNCTION records_digest() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    batch BOOLEAN := coalesce(current_setting('hearth.digest_batch', true), '') = 'on';
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
    RETURN NULL;
END $$;
)sql";

// Photo bytes live in the photo store on disk (server/photostore.h); PostgreSQL keeps how far
// each upload got. photo_chunks only holds what an older server stored, moved out at start
// (movePhotosToStore); renamed, so that an older server still running fails on photos instead
// of writing them where nobody reads. A photo whose copy was lost (missing or damaged file) is
// marked, for the devices that may send it again (GET /v1/photos).
constexpr const char *kV11 = R"sql(
ALTER TABLE photo_chunks RENAME TO photo_chunks_v10;
ALTER TABLE photos ADD COLUMN lost_at TIMESTAMPTZ;
ALTER TABLE photos ADD COLUMN received_at TIMESTAMPTZ; -- the last piece: an upload idle since may be restarted
CREATE INDEX photos_lost ON photos (hash) WHERE lost_at IS NOT NULL;
)sql";

// The monthly report's figures, kept in the push transaction (server/report/figuresschema.h).
constexpr const char *kV12 = kReportFiguresSchema;

// The supervisors' console: second factor, sessions, reviews (server/console/consoleschema.h).
constexpr const char *kV13 = kConsoleSchema;
constexpr const char *kV14 = kReviewSchema;
constexpr const char *kV15 = kLedgerImportSchema;

// The figures and the review queue kept at less cost to a push (server/report/pushcostschema.h).
constexpr const char *kV16 = kPushCostSchema;
// 17 is the number c7c4a6a gave a step it tried and f89ed61 reverted: a database it migrated
// keeps that step's functions (which handle this server's batches as schema 16's did); here 17
// does nothing, and the console's lookups are 18 (server/report/pushcostschema.h).
constexpr const char *kV17 = "SELECT 1";
constexpr const char *kV18 = kLookupSchema;
// What a record counts, decided as one row, not a set, and written beside its digest
// (server/report/reportitemschema.h).
constexpr const char *kV19 = kReportItemSchema;

// A conflict's place in the devices' feed (GET /v1/conflicts, read in this order after a
// cursor): its id, until its record moves to another village. The move (placement.cpp,
// moveRecord) gives it the village and a new place drawn from the same sequence, so the devices
// there, long past its id, receive it at their next sync; a device that had it already keeps it
// once (by its id, which does not change).
constexpr const char *kV20 = R"sql(
ALTER TABLE conflicts ADD COLUMN feed_id BIGINT;
CREATE INDEX conflicts_feed ON conflicts ((coalesce(feed_id, id)));
CREATE INDEX conflicts_record ON conflicts (entity, record_id);
-- Those whose record moved before this step: where it is now, at the end of the feed (a reader
-- waits on the table's lock until this commits, so its horizon cannot pass them unseen).
UPDATE conflicts c SET scope = r.scope, feed_id = nextval('conflicts_id_seq')
  FROM records r WHERE r.entity = c.entity AND r.id = c.record_id AND r.scope <> c.scope;
)sql";

// A counted record's month in a typed column, in the county index's order
// (server/console/recordlistschema.h).
constexpr const char *kV21 = kRecordListSchema;

// A conflict reaches the stations that follow its record too (GET /v1/conflicts): the record's
// extra scopes, kept beside it as its village is. A push writes them with the conflict; a move
// (placement.cpp, moveRecord) that gives the record a new station gives its open conflicts a
// new place in the feed, as a new village does. The open ones of a live record a station
// already follows: at the end of the feed now. An older server's pulls do not read the column:
// stop older servers before this step (docs/scaling.md, "Upgrades").
constexpr const char *kV22 = R"sql(
ALTER TABLE conflicts ADD COLUMN extra_scopes TEXT[];
UPDATE conflicts c SET extra_scopes = r.extra_scopes,
       feed_id = CASE WHEN c.resolved_at IS NULL AND NOT r.deleted THEN nextval('conflicts_id_seq') ELSE c.feed_id END
  FROM records r WHERE r.entity = c.entity AND r.id = c.record_id AND r.extra_scopes IS NOT NULL;
)sql";

constexpr std::array kSteps{Step{1, kV1}, Step{2, kV2}, Step{3, kV3}, Step{4, kV4},
                            Step{5, kV5}, Step{6, kV6}, Step{7, kV7}, Step{8, kV8}, Step{9, kV9}, Step{10, kV10},
                            Step{11, kV11}, Step{12, kV12}, Step{13, kV13}, Step{14, kV14},
                            Step{15, kV15}, Step{16, kV16}, Step{17, kV17}, Step{18, kV18},
                            Step{19, kV19}, Step{20, kV20}, Step{21, kV21},
                            Step{22, kV22}};
constexpr qint64 kMigrationLock = 0x4865617274680001; // "Hearth" + 1

} // namespace

int servedSchema()
{
    return kSteps.back().version;
}

Result<int> migrate(Pg &pg, int upTo)
{
    HEARTH_TRY(pg.execScript("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"));
    auto lock = pg.exec("SELECT pg_advisory_lock($1)", {kMigrationLock});
    if (!lock)
        return lock.error();
    auto unlock = qScopeGuard([&pg] { (void)pg.exec("SELECT pg_advisory_unlock($1)", {kMigrationLock}); });
    auto current = pg.exec("SELECT coalesce(max(version), 0) FROM schema_version");
    if (!current)
        return current.error();
    int version = int(current->integer(0, 0));
    for (const Step &step : kSteps) {
        if (step.version <= version || (upTo > 0 && step.version > upTo))
            continue;
        auto tx = PgTransaction::begin(pg);
        if (!tx)
            return tx.error();
        HEARTH_TRY(pg.execScript(step.sql));
        auto bump = pg.exec("INSERT INTO schema_version (version) VALUES ($1)", {step.version});
        if (!bump)
            return bump.error();
        HEARTH_TRY(tx->commit());
        version = step.version;
    }
    return version;
}

} // namespace hearth::server
