// SPDX-License-Identifier: GPL-3.0-or-later
// The schema history. Append only: never edit a shipped step, add a new one.
// tests/data/store-v1 holds a store made at version 1 to prove the upgrade path.
#include "migrations.h"

#include "core/protocol/auditchain.h"
#include "database.h"

#include <QRegularExpression>

#include <array>

namespace hearth::storage {
namespace {

constexpr const char *kV1Initial = R"sql(
CREATE TABLE store_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- Every user save appends here in the same transaction as its domain rows.
-- seq is the device's monotone sequence that the server applies exactly once.
CREATE TABLE outbox (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    entity     TEXT    NOT NULL,
    entity_id  TEXT    NOT NULL,
    op         TEXT    NOT NULL,
    payload    TEXT    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE people (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    gender     TEXT,
    id_number  TEXT,
    phone      TEXT,
    area_code  TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
)sql";

constexpr const char *kV2HouseholdsAudit = R"sql(
CREATE TABLE households (
    id         TEXT PRIMARY KEY,
    area_code  TEXT NOT NULL,
    address    TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

ALTER TABLE people ADD COLUMN household_id TEXT REFERENCES households(id);
CREATE INDEX people_household ON people(household_id);

-- Who saw what unmasked, when and why. Append-only.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    actor      TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    subject_id TEXT,
    reason     TEXT
) STRICT;
)sql";

// The ledger: areas, stations, the full person and household record, tags, the search index,
// campaigns, visits, follow-ups, service logs, photos and the import journal.
constexpr const char *kV3Ledger = R"sql(
-- GB/T 2260 areas; level 1 province, 2 city, 3 county, 4 township, 5 village.
CREATE TABLE areas (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5),
    parent_code TEXT
) STRICT, WITHOUT ROWID;
CREATE INDEX areas_parent ON areas(parent_code, name);
CREATE INDEX areas_name ON areas(name);

CREATE TABLE stations (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('branch', 'travel_point')),
    name        TEXT NOT NULL,
    home_county TEXT,
    city        TEXT,
    address     TEXT,
    latitude    REAL,
    longitude   REAL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
) STRICT;

ALTER TABLE households ADD COLUMN head_name TEXT;
ALTER TABLE households ADD COLUMN registered_area TEXT;
ALTER TABLE households ADD COLUMN hardship TEXT;  -- JSON array of flags
CREATE INDEX households_area_head ON households(area_code, head_name);

ALTER TABLE people ADD COLUMN birth_date TEXT;
ALTER TABLE people ADD COLUMN relation TEXT;
ALTER TABLE people ADD COLUMN status TEXT CHECK (status IN ('away', 'returned', 'local'));
ALTER TABLE people ADD COLUMN work_province TEXT;
ALTER TABLE people ADD COLUMN work_city TEXT;
ALTER TABLE people ADD COLUMN employer TEXT;
ALTER TABLE people ADD COLUMN occupation TEXT;
ALTER TABLE people ADD COLUMN party_member INTEGER NOT NULL DEFAULT 0;
ALTER TABLE people ADD COLUMN station_id TEXT REFERENCES stations(id);
ALTER TABLE people ADD COLUMN wishes TEXT;
CREATE UNIQUE INDEX people_id_number ON people(id_number) WHERE id_number IS NOT NULL;
CREATE INDEX people_area ON people(area_code);

CREATE TABLE person_tags (
    tag       TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people(id),
    PRIMARY KEY (tag, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_tags_person ON person_tags(person_id);

-- Search terms, kept by core/search: kind 0 whole name, 1 the name's later suffixes,
-- 2 phone reversed, 3 ID number reversed (subject = people.rowid), 4 household address
-- suffixes (subject = households.rowid). A substring of a name is a prefix of one of its
-- suffixes, so every lookup is a range scan. Subjects are rowids to keep this index small; the
-- store never runs VACUUM (which may renumber them); if it ever must, rebuild this table after.
CREATE TABLE search_terms (
    kind    INTEGER NOT NULL,
    term    TEXT    NOT NULL,
    subject INTEGER NOT NULL,
    PRIMARY KEY (kind, term, subject)
) STRICT, WITHOUT ROWID;

CREATE TABLE campaigns (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    starts_on     TEXT NOT NULL,
    ends_on       TEXT NOT NULL,
    target_tags   TEXT NOT NULL DEFAULT '[]',
    target_status TEXT,
    target_areas  TEXT NOT NULL DEFAULT '[]',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    CHECK (starts_on <= ends_on)
) STRICT;

-- Append-only: a correction is a new visit whose supersedes names the old one.
CREATE TABLE visits (
    id               TEXT PRIMARY KEY,
    person_id        TEXT REFERENCES people(id),
    household_id     TEXT REFERENCES households(id),
    campaign_id      TEXT REFERENCES campaigns(id),
    visited_at       INTEGER NOT NULL,
    utc_offset_min   INTEGER NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('home', 'worksite', 'phone', 'group')),
    visitors         TEXT NOT NULL DEFAULT '[]',
    letter_delivered INTEGER NOT NULL DEFAULT 0,
    cash_fen         INTEGER NOT NULL DEFAULT 0 CHECK (cash_fen >= 0),
    notes            TEXT,
    location_status  TEXT NOT NULL CHECK (location_status IN ('fix', 'none')),
    location_reason  TEXT,
    latitude         REAL,
    longitude        REAL,
    accuracy_m       REAL,
    fix_at           INTEGER,
    fix_source       TEXT,
    mock_location    INTEGER,
    supersedes       TEXT REFERENCES visits(id),
    created_at       INTEGER NOT NULL,
    CHECK (person_id IS NOT NULL OR household_id IS NOT NULL),
    CHECK ((location_status = 'fix') = (latitude IS NOT NULL AND longitude IS NOT NULL AND accuracy_m IS NOT NULL)),
    CHECK (location_status = 'fix' OR location_reason IS NOT NULL)
) STRICT;
CREATE INDEX visits_person ON visits(person_id, visited_at);
CREATE INDEX visits_household ON visits(household_id, visited_at);
CREATE INDEX visits_campaign ON visits(campaign_id);
CREATE INDEX visits_supersedes ON visits(supersedes);

CREATE TABLE visit_needs (
    visit_id TEXT NOT NULL REFERENCES visits(id),
    position INTEGER NOT NULL,
    category TEXT NOT NULL,
    text     TEXT NOT NULL,
    PRIMARY KEY (visit_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE visit_goods (
    visit_id TEXT NOT NULL REFERENCES visits(id),
    position INTEGER NOT NULL,
    item     TEXT NOT NULL,
    quantity INTEGER NOT NULL CHECK (quantity > 0),
    PRIMARY KEY (visit_id, position)
) STRICT, WITHOUT ROWID;

-- Photo bytes live encrypted in media/, named by the SHA-256 of the processed JPEG.
CREATE TABLE photos (
    hash        TEXT PRIMARY KEY,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    bytes       INTEGER NOT NULL,
    thumb_hash  TEXT NOT NULL,
    thumb_bytes INTEGER NOT NULL,
    taken_at    INTEGER,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE photo_refs (
    owner_kind TEXT NOT NULL,
    owner_id   TEXT NOT NULL,
    position   INTEGER NOT NULL,
    photo_hash TEXT NOT NULL REFERENCES photos(hash),
    PRIMARY KEY (owner_kind, owner_id, position)
) STRICT, WITHOUT ROWID;

CREATE TABLE followups (
    id            TEXT PRIMARY KEY,
    person_id     TEXT REFERENCES people(id),
    visit_id      TEXT REFERENCES visits(id),
    station_id    TEXT REFERENCES stations(id),
    category      TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
    assignee      TEXT,
    due_on        TEXT,
    claimed_fen   INTEGER CHECK (claimed_fen >= 0),
    recovered_fen INTEGER CHECK (recovered_fen >= 0),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX followups_due ON followups(status, due_on);
CREATE INDEX followups_person ON followups(person_id);

-- Append-only log of a follow-up; a note may move the status or the recovered amount.
CREATE TABLE followup_notes (
    id            TEXT PRIMARY KEY,
    followup_id   TEXT NOT NULL REFERENCES followups(id),
    at            INTEGER NOT NULL,
    author        TEXT,
    text          TEXT NOT NULL,
    status        TEXT,
    recovered_fen INTEGER
) STRICT;
CREATE INDEX followup_notes_followup ON followup_notes(followup_id, at);

CREATE TABLE service_logs (
    id             TEXT PRIMARY KEY,
    station_id     TEXT NOT NULL REFERENCES stations(id),
    at             INTEGER NOT NULL,
    utc_offset_min INTEGER NOT NULL,
    category       TEXT NOT NULL,
    people_count   INTEGER NOT NULL CHECK (people_count BETWEEN 1 AND 10000),
    person_id      TEXT REFERENCES people(id),
    volunteer      TEXT,
    notes          TEXT
) STRICT;
CREATE INDEX service_logs_station ON service_logs(station_id, at);

-- Ledger imports, so a killed import resumes where its last batch committed.
CREATE TABLE import_runs (
    file_sha256 TEXT PRIMARY KEY,
    encoding    TEXT NOT NULL,
    rows_done   INTEGER NOT NULL,
    imported    INTEGER NOT NULL,
    rejected    INTEGER NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER
) STRICT;

CREATE TABLE import_rejects (
    file_sha256 TEXT NOT NULL,
    row         INTEGER NOT NULL,
    field       TEXT,
    reason_zh   TEXT NOT NULL,
    reason_en   TEXT NOT NULL,
    PRIMARY KEY (file_sha256, row)
) STRICT, WITHOUT ROWID;
)sql";

constexpr const char *kV4App = R"sql(
-- Browse order by pinyin: hearth_sortkey() is ICU's zh collation key (storage/sortkey.h),
-- registered on every connection. Virtual, so only the index stores it.
ALTER TABLE people ADD COLUMN sort_key BLOB GENERATED ALWAYS AS (hearth_sortkey(name)) VIRTUAL;
CREATE INDEX people_sort ON people(sort_key);

-- A form being filled in (the new visit), so a killed app loses nothing typed. Inside the
-- encrypted database: the plaintext of a person never reaches a temp file.
CREATE TABLE drafts (
    kind       TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- Undo at a travel point voids the entry; the row stays, so the log stays append-only.
ALTER TABLE service_logs ADD COLUMN voided_at INTEGER;

CREATE INDEX people_station ON people(station_id, updated_at);

-- Changes the server refused, with its reasons, for the app to show (sync).
CREATE TABLE sync_rejections (
    seq       INTEGER PRIMARY KEY,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    reason_zh TEXT NOT NULL,
    reason_en TEXT NOT NULL,
    at        INTEGER NOT NULL
) STRICT;
CREATE INDEX followups_station ON followups(station_id, status);
)sql";

constexpr const char *kV5Sync = R"sql(
-- A hybrid logical clock per change (docs/sync-protocol.md): wall milliseconds << 16 plus a
-- counter, never behind the last change made here or seen from the server. The server's
-- per-field merge compares these, not the device's wall clock.
ALTER TABLE outbox ADD COLUMN hlc INTEGER NOT NULL DEFAULT 0;

-- Photos (and their thumbnails) the server holds: uploaded from here ('done') or not ours to
-- upload (the record came from the server, 'absent').
CREATE TABLE photo_uploads (
    hash  TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('done', 'absent')),
    at    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Same-field edits made offline on two devices: the server kept one value and keeps the other
-- here for review; devices in the scope receive them to show.
CREATE TABLE sync_conflicts (
    id          INTEGER PRIMARY KEY,
    entity      TEXT NOT NULL,
    record_id   TEXT NOT NULL,
    field       TEXT NOT NULL,
    kept        TEXT,
    lost        TEXT,
    kept_device TEXT,
    lost_device TEXT,
    at          INTEGER NOT NULL,
    resolved_at INTEGER
) STRICT;
)sql";

constexpr const char *kV6RecordModel = R"sql(
-- Two devices may register the same person offline (the same ID number): both are kept, the
-- server lists the pair for a supervisor to merge, and every device holds both until then.
DROP INDEX people_id_number;
CREATE INDEX people_id_number ON people(id_number) WHERE id_number IS NOT NULL;

-- Append-only records are voided, never changed (service_logs has had this since version 4).
ALTER TABLE visits ADD COLUMN voided_at INTEGER;
ALTER TABLE followup_notes ADD COLUMN voided_at INTEGER;

-- Changes pulled from the server that this build could not apply: kept (inside the encrypted
-- store) with the reason and the build that tried, retried after an update; the rest of their
-- page applies and the cursor moves on.
-- Pairs of records the server found to be likely one person (the same ID number): kept both
-- until a supervisor merges them; the person page says so.
CREATE TABLE sync_duplicates (
    id        INTEGER PRIMARY KEY,
    entity    TEXT NOT NULL,
    first_id  TEXT NOT NULL,
    second_id TEXT NOT NULL,
    reason    TEXT NOT NULL,
    at        INTEGER NOT NULL
) STRICT;
CREATE INDEX sync_duplicates_first ON sync_duplicates(first_id);
CREATE INDEX sync_duplicates_second ON sync_duplicates(second_id);

CREATE TABLE sync_setaside (
    cursor    INTEGER PRIMARY KEY,
    entity    TEXT NOT NULL,
    record_id TEXT NOT NULL,
    op        TEXT NOT NULL,
    body      TEXT NOT NULL,
    reason    TEXT NOT NULL,
    version   TEXT NOT NULL,
    at        INTEGER NOT NULL
) STRICT;
)sql";

// A record may name one in another scope (a person the station follows, a county's campaign,
// a travel point's visitor from another village): the device holds what its scope holds, so
// those references may dangle here by design. Their foreign keys go; references within one
// record (tags, needs, goods) and to the record a child lives under (a visit's person, a
// note's follow-up, a service's station) stay. SQLite documents writable_schema for exactly
// this: removing a FOREIGN KEY constraint leaves the stored format as it is.
Result<void> dropCrossScopeReferences(Database &db)
{
    struct Drop
    {
        const char *table;
        const char *column;
    };
    static constexpr Drop kDrops[] = {{"people", "household_id"}, {"people", "station_id"},
                                      {"followups", "visit_id"},  {"followups", "station_id"},
                                      {"visits", "household_id"}, {"visits", "campaign_id"},
                                      {"visits", "supersedes"},   {"service_logs", "person_id"}};
    auto cookie = db.queryInt("PRAGMA schema_version");
    if (!cookie)
        return cookie.error();
    HEARTH_TRY(db.exec("PRAGMA writable_schema = ON"));
    for (const Drop &d : kDrops) {
        auto read = db.prepare("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?");
        if (!read)
            return read.error();
        read->bind(1, QString::fromLatin1(d.table));
        if (!read->step().value_or(false))
            return Error(ErrorCode::MigrationFailed, QString::fromLatin1(d.table));
        QString sql = read->columnText(0);
        const QRegularExpression ref(u"(\\b%1\\s+TEXT)\\s+REFERENCES\\s+\\w+\\(id\\)"_qs.arg(QLatin1String(d.column)));
        if (!sql.contains(ref))
            return Error(ErrorCode::MigrationFailed, QString::fromLatin1(d.table) + u'.' + QLatin1String(d.column));
        sql.replace(ref, u"\\1"_qs);
        auto write = db.prepare("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = ?");
        if (!write)
            return write.error();
        write->bind(1, sql).bind(2, QString::fromLatin1(d.table));
        HEARTH_TRY(write->run());
    }
    // Other connections reread the schema when its cookie moves.
    HEARTH_TRY(db.exec("PRAGMA schema_version = " + std::to_string(*cookie + 1)));
    return db.exec("PRAGMA writable_schema = RESET");
}

// The audit log becomes a hash chain (protocol/auditchain.h): each entry holds the hash of the
// one before, and the entries go to the server, which checks the links.
constexpr const char *kV7AuditChain = R"sql(
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;
)sql";

// The entries written before the chain existed are chained now, in their order.
Result<void> chainAuditLog(Database &db)
{
    auto rows = db.prepare("SELECT id, at, actor, action, coalesce(subject_id, ''), coalesce(reason, '') FROM audit_log ORDER BY id");
    if (!rows)
        return rows.error();
    QList<std::pair<qint64, protocol::AuditFields>> entries;
    while (rows->step().value_or(false))
        entries.append({rows->columnInt(0), {QString::number(rows->columnInt(1)), rows->columnText(2), rows->columnText(3),
                                             rows->columnText(4), QString(), rows->columnText(5)}});
    QString prev;
    for (const auto &[id, fields] : entries) {
        const QString hash = protocol::auditLink(prev, fields);
        auto write = db.prepare("UPDATE audit_log SET prev_hash = nullif(?, ''), hash = ? WHERE id = ?");
        if (!write)
            return write.error();
        write->bind(1, prev).bind(2, hash).bind(3, id);
        HEARTH_TRY(write->run());
        prev = hash;
    }
    return {};
}

// Protocol 2 reads each county after its own cursor: the states of a record that moved between
// counties may arrive out of order. The cursor of the newest state applied, per record: an older
// one arriving later is passed over (a record's cursors follow its commits on the server).
constexpr const char *kV8PullOrder = R"sql(
CREATE TABLE sync_record_cursors (
    entity    TEXT NOT NULL,
    record_id TEXT NOT NULL,
    cursor    INTEGER NOT NULL,
    PRIMARY KEY (entity, record_id)
) STRICT, WITHOUT ROWID;
)sql";

// The media store as a cache (core/media/mediacache.h): the files the server holds, which may
// be evicted least recently used first. Photos already sent from here count from now on.
constexpr const char *kV9MediaCache = R"sql(
CREATE TABLE media_cache (
    hash    TEXT PRIMARY KEY,
    bytes   INTEGER NOT NULL,
    used_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX media_cache_lru ON media_cache (used_at);
INSERT OR IGNORE INTO media_cache (hash, bytes, used_at)
    SELECT u.hash, p.bytes, u.at FROM photo_uploads u JOIN photos p ON p.hash = u.hash WHERE u.state = 'done';
INSERT OR IGNORE INTO media_cache (hash, bytes, used_at)
    SELECT u.hash, p.thumb_bytes, u.at FROM photo_uploads u JOIN photos p ON p.thumb_hash = u.hash WHERE u.state = 'done';
)sql";

// The two kinds the monthly report still missed (DESIGN.md §12): job fairs and certificate
// services. Append-only; each counts in an area, and a station's also in the station's scope
// (no foreign keys: a county office's device holds a station's fair without the station).
constexpr const char *kV10ReportKinds = R"sql(
CREATE TABLE job_fairs (
    id         TEXT PRIMARY KEY,
    area_code  TEXT NOT NULL,
    station_id TEXT,
    organiser  TEXT NOT NULL,
    place      TEXT NOT NULL,
    held_on    TEXT NOT NULL,
    employers  INTEGER NOT NULL DEFAULT 0 CHECK (employers BETWEEN 0 AND 100000),
    positions  INTEGER NOT NULL DEFAULT 0 CHECK (positions BETWEEN 0 AND 10000000),
    attendees  INTEGER NOT NULL DEFAULT 0 CHECK (attendees BETWEEN 0 AND 10000000),
    contracts  INTEGER NOT NULL DEFAULT 0 CHECK (contracts BETWEEN 0 AND 10000000),
    placed     INTEGER NOT NULL DEFAULT 0 CHECK (placed BETWEEN 0 AND 10000000),
    people     TEXT NOT NULL DEFAULT '[]',
    notes      TEXT,
    created_at INTEGER NOT NULL,
    voided_at  INTEGER
) STRICT;
CREATE INDEX job_fairs_held ON job_fairs(held_on);
CREATE INDEX job_fairs_station ON job_fairs(station_id);

CREATE TABLE certificate_services (
    id             TEXT PRIMARY KEY,
    area_code      TEXT NOT NULL,
    station_id     TEXT,
    place          TEXT NOT NULL CHECK (place IN ('station', 'township', 'travel_point')),
    kind           TEXT NOT NULL CHECK (kind IN ('id_card', 'social_security', 'residence_permit',
                                                 'household_register', 'driving_licence', 'other')),
    outcome        TEXT NOT NULL CHECK (outcome IN ('done', 'accepted', 'referred', 'not_possible')),
    person_id      TEXT,
    at             INTEGER NOT NULL,
    utc_offset_min INTEGER NOT NULL,
    handler        TEXT,
    notes          TEXT,
    created_at     INTEGER NOT NULL,
    voided_at      INTEGER
) STRICT;
CREATE INDEX certificate_services_at ON certificate_services(at);
CREATE INDEX certificate_services_station ON certificate_services(station_id, at);
CREATE INDEX certificate_services_person ON certificate_services(person_id);
)sql";

// What supervisors said of visits (the console's review queue): approved, or returned with a
// comment the visit's page shows. Written by the server only; it arrives with the visit's scope.
constexpr const char *kV11Reviews = R"sql(
CREATE TABLE reviews (
    id         TEXT PRIMARY KEY,
    visit_id   TEXT NOT NULL,
    decision   TEXT NOT NULL CHECK (decision IN ('approved', 'returned')),
    comment    TEXT,
    reviewer   TEXT NOT NULL,
    flags      TEXT NOT NULL DEFAULT '[]',
    at         INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    voided_at  INTEGER
) STRICT;
CREATE INDEX reviews_visit ON reviews(visit_id, at);
)sql";

constexpr std::array kMigrations{
    Migration{1, "initial", kV1Initial},
    Migration{2, "households and audit log", kV2HouseholdsAudit},
    Migration{3, "ledger, visits, follow-ups, service logs, photos", kV3Ledger},
    Migration{4, "pinyin order, drafts, voided services", kV4App},
    Migration{5, "clocks, photo uploads, conflicts", kV5Sync},
    Migration{6, "record model: duplicates kept, voids, set-aside changes, cross-scope references", kV6RecordModel,
              dropCrossScopeReferences},
    Migration{7, "audit chain", kV7AuditChain, chainAuditLog},
    Migration{8, "pull order per record", kV8PullOrder},
    Migration{9, "media cache", kV9MediaCache},
    Migration{10, "job fairs, certificate services", kV10ReportKinds},
    Migration{11, "supervisors' reviews of visits", kV11Reviews},
};

} // namespace

std::span<const Migration> builtinMigrations() { return kMigrations; }

} // namespace hearth::storage
