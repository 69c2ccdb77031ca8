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

} // namespace hearth::server
