// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Schema 13: the supervisors' console (docs/console.md). Its second factor per user, its
// sign-in sessions.

namespace hearth::server {

inline constexpr const char *kConsoleSchema = R"sql(
-- TOTP (RFC 6238): the secret an authenticator app holds (base32), the one offered at a first
-- sign-in until a code confirms it, and the last time step accepted (a code works once).
ALTER TABLE users ADD COLUMN totp_secret TEXT;
ALTER TABLE users ADD COLUMN totp_pending TEXT;
ALTER TABLE users ADD COLUMN totp_last_step BIGINT;

-- A signed-in browser: the cookie's token only as its SHA-256, the CSRF token its pages carry.
-- A session ends after its idle time without a request, after twelve hours, or at sign-out.
CREATE TABLE console_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    csrf       TEXT NOT NULL,
    client     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    last_seen  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX console_sessions_user ON console_sessions (user_id);
)sql";

// Schema 14: the review queue (server/console/reviews.h) and the second factor's enrolment limit.
inline constexpr const char *kReviewSchema = R"sql(
-- What a rule flags on a visit, for a supervisor to look at: no location, a mock location, a
-- home or work-site visit without a photo, cash of 1,000 yuan (100,000 fen) or more.
CREATE FUNCTION hearth_visit_flags(b JSONB) RETURNS TEXT[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_remove(ARRAY[
        CASE WHEN b->'location'->>'status' IS DISTINCT FROM 'fix' THEN 'no_location' END,
        CASE WHEN b->'location'->>'mock' = 'true' THEN 'mock_location' END,
        CASE WHEN b->>'kind' IN ('home', 'worksite')
              AND (jsonb_typeof(b->'photos') IS DISTINCT FROM 'array' OR jsonb_array_length(b->'photos') = 0)
             THEN 'no_photo' END,
        CASE WHEN jsonb_typeof(b->'cash_fen') = 'number' AND (b->>'cash_fen')::numeric >= 100000 THEN 'cash' END], NULL)
$$;
-- Flagged visits only, by county and time: the queue walks a county's months newest first and
-- stops at a page, never scanning its visits (nor every flagged one it ever had).
CREATE INDEX records_flagged_visits ON records (county, ((body->>'visited_at')::bigint))
    WHERE entity = 'visit' AND hearth_visit_flags(body) <> '{}';
-- A review (a record the server writes for the console) under its visit.
CREATE INDEX records_review_visit ON records ((body->>'visit_id')) WHERE entity = 'review';
-- Refused changes, conflicts and duplicate pairs: who dealt with them.
ALTER TABLE rejections ADD COLUMN resolved_at TIMESTAMPTZ;
ALTER TABLE rejections ADD COLUMN resolved_by TEXT;
CREATE INDEX rejections_open ON rejections (at) WHERE resolved_at IS NULL;
ALTER TABLE conflicts ADD COLUMN resolved_by TEXT;
ALTER TABLE duplicates ADD COLUMN resolved_by TEXT;
-- A secret offered at a first sign-in is good for a limited time only.
ALTER TABLE users ADD COLUMN totp_pending_at TIMESTAMPTZ;
)sql";

// Schema 15: the console's ledger import (server/console/ledgerupload.h).
inline constexpr const char *kLedgerImportSchema = R"sql(
-- One import of a ledger file into an area, by a user: how far it got (the spreadsheet row
-- through which its records are committed, in the same transaction as they are), and the rows
-- it refused, with the reason only (never a value of the row).
CREATE TABLE console_imports (
    id          BIGSERIAL PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    area        TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_name   TEXT NOT NULL,
    encoding    TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed')),
    runner      TEXT NOT NULL,                 -- the run that holds it: only it may write progress
    rows_done   INTEGER NOT NULL DEFAULT 0,
    imported    INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    rejects     JSONB NOT NULL DEFAULT '[]', -- [{row, field, reason_zh, reason_en}], the first 1,000
    ignored     JSONB NOT NULL DEFAULT '[]', -- headers not recognised
    error_zh    TEXT,
    error_en    TEXT,
    started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    UNIQUE (user_id, area, file_sha256)
);
-- A ledger names villages by name: the import looks them up.
CREATE INDEX areas_name ON areas (name);
-- A ledger's household is found by its village and its head's name.
CREATE INDEX records_household_head ON records (scope, (body->>'head_name')) WHERE entity = 'household';
)sql";

} // namespace hearth::server
