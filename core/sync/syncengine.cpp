// SPDX-License-Identifier: GPL-3.0-or-later
#include "syncengine.h"

#include "checksum.h"
#include "scope.h"
#include "devicecontrol.h"
#include "core/protocol/entry.h"
#include "conflicts.h"
#include "core/storage/database.h"
#include "core/storage/storemeta.h"
#include "photofetch.h"
#include "photoupload.h"
#include "purge.h"
#include "remoteapply.h"

#include <QDateTime>
#include <QScopedValueRollback>

#include <algorithm>
#include <memory>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QUrl>
#include <QLoggingCategory>

#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcSync, "hearth.sync")

namespace hearth::sync {
namespace {

// The scope's changes again from the first: cursors of changes, conflicts and pairs back to 0,
// and the newest state applied per record forgotten (every record is applied again).
Result<void> pullFromStart(storage::Database &db)
{
    HEARTH_TRY(storage::writeMeta(db, "sync.pull_cursor", u"0"_qs));
    HEARTH_TRY(storage::writeMeta(db, "sync.conflict_cursor", u"0"_qs));
    HEARTH_TRY(storage::writeMeta(db, "sync.duplicate_cursor", u"0"_qs));
    return db.exec("DELETE FROM sync_record_cursors");
}

// One sync round: the store, the (retrying) transport, what happened so far.
struct Round
{
    storage::Database &db;
    Transport &t;
    QByteArray token;
    const SyncOptions &o;
    SyncReport report;
    SyncProgress progress;
    QStringList serverScopes; // as the last pull page said
    QString serverRole; // what the server says this user is (core/model/rights): the app follows it
    bool wipeAsked = false; // an administrator asked this device to erase itself
    bool pushedAll = false;   // the outbox is acknowledged to its end
    bool reapplyNewest = false; // narrowing a drift: a record's newest applied state applies again

    void tell(SyncProgress::Stage stage)
    {
        progress.stage = stage;
        progress.bytesUp = t.bytesSent();
        progress.bytesDown = t.bytesReceived();
        if (o.onProgress)
            o.onProgress(progress);
    }

    Result<qint64> metaInt(const char *key)
    {
        auto v = storage::readMeta(db, key);
        if (!v)
            return v.error();
        return v->toLongLong();
    }

    Result<void> recordRejection(const Rejection &rej)
    {
        report.rejected.append(rej);
        auto ins = db.cached("INSERT OR REPLACE INTO sync_rejections(seq, entity, entity_id, reason_zh,"
                             " reason_en, at) VALUES (?, ?, ?, ?, ?, ?)");
        if (!ins)
            return ins.error();
        (*ins)->bind(1, rej.seq).bind(2, rej.entity).bind(3, rej.entityId).bind(4, rej.reasonZh);
        (*ins)->bind(5, rej.reasonEn).bind(6, QDateTime::currentMSecsSinceEpoch());
        return (*ins)->run();
    }

    Result<void> push()
    {
        auto newest = db.prepare("SELECT coalesce(max(seq), 0) FROM outbox");
        if (!newest)
            return newest.error();
        auto pushedAt = metaInt("sync.pushed_seq");
        if (!pushedAt)
            return pushedAt.error();
        progress.recordsToPush = newest->step().value_or(false) ? newest->columnInt(0) - *pushedAt : 0;
        tell(SyncProgress::Stage::Push);
        for (;;) {
            auto pushed = metaInt("sync.pushed_seq");
            if (!pushed)
                return pushed.error();
            auto stmt = db.prepare("SELECT seq, entity, entity_id, op, payload, created_at, hlc FROM outbox"
                                   " WHERE seq > ? ORDER BY seq LIMIT ?");
            if (!stmt)
                return stmt.error();
            stmt->bind(1, *pushed).bind(2, o.pushBatch);
            QJsonArray entries;
            QHash<qint64, std::pair<QString, QString>> what;
            while (stmt->step().value_or(false)) {
                const qint64 seq = stmt->columnInt(0);
                what.insert(seq, {stmt->columnText(1), stmt->columnText(2)});
                entries.append(QJsonObject{
                    {u"seq"_qs, seq},
                    {u"entity"_qs, stmt->columnText(1)},
                    {u"entity_id"_qs, stmt->columnText(2)},
                    {u"op"_qs, stmt->columnText(3)},
                    {u"payload"_qs, QJsonDocument::fromJson(stmt->columnText(4).toUtf8()).object()},
                    {u"created_at"_qs, qint64(stmt->columnInt(5))},
                    {u"hlc"_qs, QString::number(stmt->columnInt(6))}}); // 64-bit: as text, not a double
            }
            if (entries.isEmpty()) {
                pushedAll = true;
                return {};
            }
            auto answer = t.request("POST", u"/v1/push"_qs, QJsonObject{{u"entries"_qs, entries}}, token);
            if (!answer) {
                // Another store has been using this identity: push nothing more until enrolled again.
                if (answer.error().detail() == QLatin1String(protocol::kCopiedStore)) {
                    HEARTH_TRY(storage::writeMeta(db, "sync.copied", u"1"_qs));
                    qCWarning(lcSync) << "the server says this store is a copy: enrol again";
                    return answer.error();
                }
                // The server knows fewer of ours than we think (its database was restored): resend
                // from where it stands.
                const qint64 expected = expectedPosition(answer.error());
                if (expected > 0 && expected - 1 < *pushed) {
                    HEARTH_TRY(storage::writeMeta(db, "sync.pushed_seq", QString::number(expected - 1)));
                    continue;
                }
                return answer.error();
            }
            // The acknowledgement, and what was refused with its reasons, in one local transaction.
            auto tx = storage::Transaction::begin(db);
            if (!tx)
                return tx.error();
            for (const QJsonValue &r : answer->value(u"results").toArray()) {
                const QString status = r[u"status"].toString();
                const qint64 seq = r[u"seq"].toInteger();
                if (status == u"applied")
                    ++report.pushed;
                else if (status == u"duplicate")
                    ++report.duplicates;
                else if (status == u"rejected")
                    HEARTH_TRY(recordRejection({seq, what.value(seq).first, what.value(seq).second,
                                                r[u"reason_zh"].toString(), r[u"reason_en"].toString()}));
            }
            // Never past what this batch held: another store with our identity (a copy) may be
            // further on, and our own later entries must still go up (and be compared).
            const qint64 through = std::min(answer->value(u"applied_through").toInteger(), what.isEmpty() ? 0 : std::ranges::max(what.keys()));
            HEARTH_TRY(storage::writeMeta(db, "sync.pushed_seq", QString::number(through)));
            HEARTH_TRY(tx->commit());
            progress.recordsUp += entries.size();
            tell(SyncProgress::Stage::Push);
        }
    }

    // Whether a pulled change is older than the newest state of its record applied here: the
    // counties of a scope are read each after its own cursor, so a record that moved between
    // two of them may arrive newest first. Its cursors follow its commits on the server.
    Result<bool> superseded(const QJsonObject &c)
    {
        // Narrowing a drift reads one scope's rows from its start: a "move" there is history
        // (the record left that scope then, and may have come back since). Passed over; a
        // record really misplaced here is mended by the whole re-download that follows.
        if (reapplyNewest && c[u"op"].toString() == u"move")
            return true;
        auto newest = db.cached("SELECT cursor FROM sync_record_cursors WHERE entity = ? AND record_id = ?");
        if (!newest)
            return newest.error();
        (*newest)->bind(1, c[u"entity"].toString()).bind(2, c[u"id"].toString());
        auto found = (*newest)->step();
        if (!found)
            return found.error();
        const qint64 cursor = c[u"cursor"].toInteger();
        // Re-applying where the checksum differed: the newest state applied is applied again.
        return *found && (reapplyNewest ? (*newest)->columnInt(0) > cursor : (*newest)->columnInt(0) >= cursor);
    }

    Result<void> applied(const QJsonObject &c)
    {
        auto keep = db.cached("INSERT OR REPLACE INTO sync_record_cursors(entity, record_id, cursor) VALUES (?, ?, ?)");
        if (!keep)
            return keep.error();
        (*keep)->bind(1, c[u"entity"].toString().left(64)).bind(2, c[u"id"].toString().left(64)).bind(3, c[u"cursor"].toInteger());
        return (*keep)->run();
    }

    // A pulled change applied unless a newer state of its record was; what it did is recorded.
    Result<void> applyInOrder(const QJsonObject &c)
    {
        auto old = superseded(c);
        if (!old)
            return old.error();
        if (*old)
            return {};
        HEARTH_TRY(applyRemoteChange(db, c[u"entity"].toString(), c[u"id"].toString(), c[u"op"].toString(),
                                     c[u"body"].toObject(), serverScopes));
        return applied(c);
    }

    // One pulled change under a savepoint: true when applied (or older than what is here);
    // otherwise nothing of it stays.
    Result<bool> tryApply(const QJsonObject &c, Error *why)
    {
        HEARTH_TRY(db.exec("SAVEPOINT pulled"));
        auto done = applyInOrder(c);
        if (!done) {
            *why = done.error();
            HEARTH_TRY(db.exec("ROLLBACK TO pulled"));
        }
        HEARTH_TRY(db.exec("RELEASE pulled"));
        return done.ok();
    }

    // A pulled change applied, or (when this build cannot apply it) kept aside with the reason
    // while the rest of the page goes on. Nothing pulled stalls the store.
    Result<void> applyOrSetAside(const QJsonObject &c)
    {
        Error why(ErrorCode::InvalidRecord);
        auto applied = tryApply(c, &why);
        if (!applied)
            return applied.error();
        if (*applied) { // what was set aside of this record before is older than this: gone
            auto older = db.cached("DELETE FROM sync_setaside WHERE entity = ? AND record_id = ? AND cursor <= ?");
            if (!older)
                return older.error();
            (*older)->bind(1, c[u"entity"].toString()).bind(2, c[u"id"].toString()).bind(3, c[u"cursor"].toInteger());
            return (*older)->run();
        }
        return setAside(c, why);
    }

    Result<void> dropSetAside(qint64 cursor)
    {
        auto drop = db.cached("DELETE FROM sync_setaside WHERE cursor = ?");
        if (!drop)
            return drop.error();
        (*drop)->bind(1, cursor);
        return (*drop)->run();
    }

    Result<void> setAside(const QJsonObject &c, const Error &e)
    {
        const QString reason = e.englishReason().isEmpty() ? e.english() + u" ("_qs + e.detail() + u')' : e.englishReason();
        auto known = db.cached("SELECT 1 FROM sync_setaside WHERE cursor = ?");
        if (!known)
            return known.error();
        (*known)->bind(1, c[u"cursor"].toInteger());
        auto seen = (*known)->step();
        if (!seen)
            return seen.error();
        if (!*seen) { // new (a scope pulled again meets the same changes again)
            ++report.setAside;
            qCWarning(lcSync) << "set aside a pulled" << c[u"entity"].toString().left(40) << "change at cursor"
                              << c[u"cursor"].toInteger() << ": code" << int(e.code()) << e.detail().left(80);
        }
        auto keep = db.cached("INSERT OR REPLACE INTO sync_setaside(cursor, entity, record_id, op, body, reason, version, at)"
                              " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        if (!keep)
            return keep.error();
        (*keep)->bind(1, c[u"cursor"].toInteger()).bind(2, c[u"entity"].toString().left(64));
        (*keep)->bind(3, c[u"id"].toString().left(64)).bind(4, c[u"op"].toString().left(16));
        (*keep)->bind(5, QString::fromUtf8(QJsonDocument(c[u"body"].toObject()).toJson(QJsonDocument::Compact)));
        (*keep)->bind(6, reason).bind(7, o.buildVersion).bind(8, QDateTime::currentMSecsSinceEpoch());
        return (*keep)->run();
    }

    // Changes set aside, tried again in their order: by a new build (an update may know them),
    // and after a pull brought something (a visit set aside may have been waiting for its person).
    Result<void> retrySetAside(bool pulledSomething)
    {
        auto stmt = db.prepare("SELECT cursor, entity, record_id, op, body FROM sync_setaside WHERE version <> ? OR ?"
                               " ORDER BY cursor");
        if (!stmt)
            return stmt.error();
        stmt->bind(1, o.buildVersion).bind(2, int(pulledSomething));
        QList<QJsonObject> waiting;
        while (stmt->step().value_or(false))
            waiting.append({{u"cursor"_qs, qint64(stmt->columnInt(0))},
                            {u"entity"_qs, stmt->columnText(1)},
                            {u"id"_qs, stmt->columnText(2)},
                            {u"op"_qs, stmt->columnText(3)},
                            {u"body"_qs, QJsonDocument::fromJson(stmt->columnText(4).toUtf8()).object()}});
        if (waiting.isEmpty())
            return {};
        auto tx = storage::Transaction::begin(db);
        if (!tx)
            return tx.error();
        for (const QJsonObject &c : waiting) {
            Error why(ErrorCode::InvalidRecord);
            auto applied = tryApply(c, &why);
            if (!applied)
                return applied.error();
            if (*applied) {
                HEARTH_TRY(dropSetAside(c[u"cursor"].toInteger()));
                ++report.setAsideRetried;
            } else {
                HEARTH_TRY(setAside(c, why)); // still aside, now tried by this build
            }
        }
        return tx->commit();
    }

    // A page's changes in an open transaction (the caller writes the cursor and commits). The
    // common page applies whole, in one go; a page where something fails (or with changes set
    // aside before, which an applied change may supersede) is done again change by change under
    // savepoints, setting aside what cannot apply.
    Result<std::unique_ptr<storage::Transaction>> applyPage(const QJsonArray &changes)
    {
        auto begin = [this]() -> Result<std::unique_ptr<storage::Transaction>> {
            auto tx = storage::Transaction::begin(db);
            if (!tx)
                return tx.error();
            return std::make_unique<storage::Transaction>(std::move(tx).value());
        };
        auto tx = begin();
        if (!tx)
            return tx.error();
        auto anyAside = db.queryInt("SELECT EXISTS (SELECT 1 FROM sync_setaside)");
        if (!anyAside)
            return anyAside.error();
        bool whole = *anyAside == 0;
        for (qsizetype i = 0; whole && i < changes.size(); ++i)
            whole = applyInOrder(changes[i].toObject()).ok();
        if (whole)
            return tx;
        if (*anyAside == 0) { // something failed: undo the page, then change by change
            tx->reset();
            tx = begin();
            if (!tx)
                return tx.error();
        }
        for (const QJsonValue &c : changes)
            HEARTH_TRY(applyOrSetAside(c.toObject()));
        return tx;
    }

    Result<void> pull()
    {
        const qint64 before = report.pulled;
        for (;;) {
            // Protocol 2: a cursor per county of the scope, kept as the text the server gave (a
            // number kept by version 1 still reads as a cursor for every county).
            auto cursor = storage::readMeta(db, "sync.pull_cursor");
            if (!cursor)
                return cursor.error();
            const QString after = cursor->isEmpty() ? u"0"_qs : *cursor;
            // One arg() call: the encoded cursors hold "%2C", which a second arg() would fill in.
            auto page = t.request("GET", u"/v2/pull?after=%1&limit=%2"_qs.arg(QString::fromLatin1(QUrl::toPercentEncoding(after)),
                                                                               QString::number(o.pullPage)),
                                  {}, token);
            if (!page)
                return page.error();
            const QJsonArray changes = page->value(u"changes").toArray();
            serverScopes = page->value(u"scopes").toVariant().toStringList();
            serverRole = page->value(u"role").toString();
            if (const QJsonObject orders = page->value(u"device").toObject(); !orders.isEmpty()) {
                wipeAsked = orders.value(u"wipe").toBool();
                HEARTH_TRY(storage::writeMeta(db, "sync.lease_days", QString::number(orders.value(u"lease_days").toInt(30))));
            }
            // The page and its cursor commit together: a kill here re-pulls the page, which
            // re-applies to the same result.
            auto tx = applyPage(changes);
            if (!tx)
                return tx.error();
            report.pulled += changes.size();
            HEARTH_TRY(storage::writeMeta(db, "sync.pull_cursor", page->value(u"next").toString()));
            HEARTH_TRY(advanceClock(*page));
            HEARTH_TRY((*tx)->commit());
            progress.recordsDown += changes.size();
            tell(SyncProgress::Stage::Pull);
            if (!page->value(u"more").toBool())
                return retrySetAside(report.pulled > before);
        }
    }

    // Our next changes are stamped past every clock seen (hybrid logical clock).
    Result<void> advanceClock(const QJsonObject &page)
    {
        auto seen = metaInt("sync.hlc");
        if (!seen)
            return seen.error();
        const qint64 pageClock = page.value(u"hlc").toString().toLongLong();
        if (pageClock > *seen)
            return storage::writeMeta(db, "sync.hlc", QString::number(pageClock));
        return {};
    }

    // The scope checksum against the server's; on a difference, the scope is pulled again from
    // the start (every record re-applied; the outbox and what was pushed stay as they are).
    Result<void> verify()
    {
        auto last = metaInt("sync.verified_at");
        if (!last)
            return last.error();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (!o.verifyNow && now - *last < o.verifyEveryMs)
            return {};
        tell(SyncProgress::Stage::Verify);
        auto compare = [this]() -> Result<QStringList> {
            auto theirs = t.request("GET", u"/v1/checksum"_qs, {}, token);
            if (!theirs)
                return theirs.error();
            if (theirs->value(u"algorithm").toString() != QLatin1String(protocol::kDigestAlgorithm))
                return Error::withReason(ErrorCode::Network, u"服务器的校验方式与本版本不同，请升级"_qs,
                                         u"the server's checksum is of another kind than this version's: update"_qs);
            const ScopeDigest server = digestFromJson(theirs->value(u"entities").toObject());
            auto mine = localDigest(db);
            if (!mine)
                return mine.error();
            QStringList differ;
            for (const QString &entity : checkedEntities())
                if (server.value(entity) != mine->value(entity))
                    differ << entity;
            return differ;
        };
        auto differ = compare();
        if (!differ)
            return differ.error();
        report.verified = true;
        report.drift = *differ;
        if (!differ->isEmpty()) {
            // Narrowed first: by kind (above), then by village or station; only those are
            // pulled again. When that does not settle it, the whole scope.
            auto narrowed = pullWhereDiffers(*differ);
            if (!narrowed)
                return narrowed.error();
            if (*narrowed) {
                auto after = compare();
                if (!after)
                    return after.error();
                differ = std::move(after);
            }
        }
        if (!differ->isEmpty()) {
            qCWarning(lcSync) << "scope checksum differs for" << *differ << "- downloading the scope again";
            // The scope again from the start: its records, and its conflicts and duplicate pairs
            // (a record restored here brings back what was recorded about it; those already
            // here stay as they are, "seen" included).
            HEARTH_TRY(pullFromStart(db));
            HEARTH_TRY(pull());
            report.redownloaded = true;
            auto after = compare();
            if (!after)
                return after.error();
            report.driftAfter = *after;
        }
        return storage::writeMeta(db, "sync.verified_at", QString::number(now));
    }

    // The villages (or stations) whose records of the differing kinds are not the server's, from
    // the server's digests by scope against ours; each pulled again from its own start. False
    // when narrowing does not apply (too many, or one outside the scopes a pull may name): the
    // caller pulls the whole scope.
    Result<bool> pullWhereDiffers(const QStringList &kinds)
    {
        constexpr int kMostScopes = 24;
        QStringList scopes;
        for (const QString &kind : kinds) {
            auto theirs = t.request("GET", u"/v1/checksum?entity="_qs + kind, {}, token);
            if (!theirs)
                return theirs.error();
            const ScopeDigest server = digestFromJson(theirs->value(u"scopes").toObject());
            auto mine = localDigestByScope(db, kind);
            if (!mine)
                return mine.error();
            QStringList keys = server.keys() + mine->keys();
            keys.removeDuplicates();
            for (const QString &scope : keys)
                if (server.value(scope) != mine->value(scope) && !scopes.contains(scope))
                    scopes << scope;
        }
        const bool pullable = std::all_of(scopes.begin(), scopes.end(), [this](const QString &s) {
            return !s.isEmpty() && insideScopes(serverScopes, s);
        });
        if (scopes.isEmpty() || scopes.size() > kMostScopes || !pullable)
            return false;
        qCWarning(lcSync) << "scope checksum differs in" << scopes.size() << "villages or stations - pulling them again";
        // Each scope's rows again from its start, but of every record only its newest state
        // applied here and anything newer (replaying a record's history, its moves above all,
        // would undo later states or drop a record that lives elsewhere in the scope now).
        QScopedValueRollback newestOnly(reapplyNewest, true);
        for (const QString &scope : scopes) {
            QString after = u"0"_qs;
            for (bool more = true; more;) {
                auto page = t.request("GET", u"/v2/pull?only=%1&after=%2&limit=%3"_qs.arg(
                                                 scope, QString::fromLatin1(QUrl::toPercentEncoding(after)),
                                                 QString::number(o.pullPage)),
                                      {}, token);
                if (!page)
                    return page.error();
                // A server that does not know `only` answers with the whole scope: not narrowed.
                if (page->value(u"only").toString() != scope)
                    return false;
                const QJsonArray changes = page->value(u"changes").toArray();
                auto tx = applyPage(changes);
                if (!tx)
                    return tx.error();
                HEARTH_TRY(advanceClock(*page));
                HEARTH_TRY((*tx)->commit());
                report.pulled += changes.size();
                after = page->value(u"next").toString();
                more = page->value(u"more").toBool();
            }
        }
        report.narrowedTo = scopes;
        return true;
    }

    // The user's scope changed on the server: what was left goes from this device; what was
    // gained is pulled from the start (its older changes lie behind our cursor).
    Result<void> followScope(media::MediaStore *media)
    {
        if (!serverRole.isEmpty())
            HEARTH_TRY(storage::writeMeta(db, "sync.role", serverRole));
        auto stored = storage::readMeta(db, "sync.scopes");
        if (!stored)
            return stored.error();
        const QStringList before = stored->split(u',', Qt::SkipEmptyParts);
        if (serverScopes.isEmpty() || before == serverScopes)
            return storage::writeMeta(db, "sync.scopes", serverScopes.join(u','));
        for (const QString &s : before)
            if (!serverScopes.contains(s))
                report.scopesLeft << s;
        for (const QString &s : serverScopes)
            if (!before.contains(s))
                report.scopesGained << s;
        if (!report.scopesLeft.isEmpty()) {
            auto purged = purgeOutside(db, media, serverScopes);
            if (!purged)
                return purged.error();
            report.purgedPeople = purged->people;
            qCInfo(lcSync) << "left scopes" << report.scopesLeft << "- removed" << purged->people << "people,"
                           << purged->visits << "visits," << purged->photos << "photos";
        }
        const bool gained = !report.scopesGained.isEmpty() && !before.isEmpty();
        if (gained) {
            // The gained scope's older changes, conflicts and pairs lie behind our cursors: reset
            // before the new scopes are saved, so a kill in between still pulls them next time.
            HEARTH_TRY(pullFromStart(db));
        }
        HEARTH_TRY(storage::writeMeta(db, "sync.scopes", serverScopes.join(u',')));
        if (gained) {
            return pull();
        }
        return {};
    }

    Result<void> photos(media::MediaStore &media)
    {
        tell(SyncProgress::Stage::Photos);
        auto sent = uploadPhotos(db, media, t, token, o.photoChunk, [this](qint64 bytes) {
            progress.photoBytesUp += bytes;
            tell(SyncProgress::Stage::Photos);
        });
        if (!sent)
            return sent.error();
        report.photosUploaded = sent->uploaded;
        report.photosAlreadyThere = sent->alreadyThere;
        report.photoErrors = sent->errors;
        return {};
    }
};

// Beside the database: one round at a time per store, across processes.
QString roundLockPath(storage::Database &db)
{
    return QString::fromUtf8(sqlite3_db_filename(db.handle(), "main")) + u".sync-lock"_qs;
}

} // namespace

Result<QList<Rejection>> refusedChanges(storage::Database &db, int limit)
{
    auto stmt = db.prepare("SELECT seq, entity, entity_id, reason_zh, reason_en FROM sync_rejections"
                           " ORDER BY seq DESC LIMIT ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, limit);
    return storage::collectRows(*stmt, [](const storage::Statement &s) {
        return Rejection{s.columnInt(0), s.columnText(1), s.columnText(2), s.columnText(3), s.columnText(4)};
    });
}

QString enrolledServer(storage::Database &db) { return storage::readMeta(db, "sync.server").value_or({}); }

QString defaultBuildVersion() { return QStringLiteral(HEARTH_CORE_VERSION); }

Result<QList<SetAside>> setAsideChanges(storage::Database &db, int limit)
{
    auto stmt = db.prepare("SELECT cursor, entity, record_id, reason, version FROM sync_setaside ORDER BY cursor LIMIT ?");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, limit);
    return storage::collectRows(*stmt, [](const storage::Statement &s) {
        return SetAside{s.columnInt(0), s.columnText(1), s.columnText(2), s.columnText(3), s.columnText(4)};
    });
}

bool isCopiedStore(storage::Database &db) { return storage::readMeta(db, "sync.copied").value_or({}) == u"1"; }

TlsTrust storedTrust(storage::Database &db)
{
    TlsTrust trust = HttpTransport::trustFromEnvironment();
    if (auto pin = storage::readMeta(db, "sync.tls_pin"); pin)
        trust.pin = pin->toLatin1();
    if (auto ca = storage::readMeta(db, "sync.tls_ca"); ca && !ca->isEmpty())
        trust.extraCa = QSslCertificate::fromData(ca->toLatin1(), QSsl::Pem);
    return trust;
}

TlsTrust enrolmentTrust(storage::Database &db, const QString &serverUrl, const QList<QSslCertificate> &extraCa)
{
    TlsTrust trust = enrolledServer(db) == serverUrl ? storedTrust(db) : HttpTransport::trustFromEnvironment();
    trust.extraCa += extraCa;
    return trust;
}

Result<void> trustServerKey(storage::Database &db, const QByteArray &pin)
{
    if (pin.size() != 64 || !std::all_of(pin.begin(), pin.end(), [](char c) { return std::isxdigit(uchar(c)); }))
        return Error::withReason(ErrorCode::InvalidArgument, u"指纹应为 64 位十六进制（SHA-256）"_qs,
                                 u"a pin is 64 hex digits (SHA-256)"_qs);
    qCInfo(lcSync) << "server key pinned anew";
    return storage::writeMeta(db, "sync.tls_pin", QString::fromLatin1(pin.toLower()));
}

Result<QString> enrol(storage::Database &db, Transport &transport, const QString &serverUrl, const QString &user,
                      const QByteArray &password, const QString &deviceName, const QList<QSslCertificate> &extraCa,
                      const QString &code)
{
    QLockFile lock(roundLockPath(db)); // not in the middle of a round
    if (!lock.tryLock(0))
        return Error(ErrorCode::Busy, u"sync lock held"_qs);
    // Enrolling again with the same server (after a revocation, or as a copy) continues the
    // outbox: what the server acknowledged under the old identity is never sent again.
    auto pushed = storage::readMeta(db, "sync.pushed_seq");
    if (!pushed)
        return pushed.error();
    const qint64 firstSeq = enrolledServer(db) == serverUrl ? pushed->toLongLong() + 1 : 1;
    QJsonObject request{{u"user"_qs, user}, {u"password"_qs, QString::fromUtf8(password)},
                        {u"device_name"_qs, deviceName}, {u"first_seq"_qs, firstSeq}};
    if (!code.trimmed().isEmpty())
        request.insert(u"code"_qs, code.trimmed());
    auto answer = transport.request("POST", u"/v1/enrol"_qs, request, {});
    if (!answer)
        return answer.error();
    const QString device = answer->value(u"device_id").toString(), token = answer->value(u"token").toString();
    if (device.isEmpty() || token.isEmpty())
        return Error(ErrorCode::Network, u"enrolment answer without a token"_qs);
    auto tx = storage::Transaction::begin(db);
    if (!tx)
        return tx.error();
    HEARTH_TRY(storage::writeMeta(db, "sync.server", serverUrl));
    HEARTH_TRY(storage::writeMeta(db, "sync.device_id", device));
    HEARTH_TRY(storage::writeMeta(db, "sync.token", token));
    // A new device to the server, expecting our outbox from firstSeq on.
    HEARTH_TRY(storage::writeMeta(db, "sync.pushed_seq", QString::number(firstSeq - 1)));
    HEARTH_TRY(storage::writeMeta(db, "sync.copied", QString()));
    HEARTH_TRY(pullFromStart(db));
    if (firstSeq == 1) {
        // Another server: what the last one held, this one may not. The photos taken here are
        // pinned again (never evicted) and asked about anew; one the new server holds costs
        // one small request.
        HEARTH_TRY(db.exec("DELETE FROM media_cache WHERE hash IN (SELECT hash FROM photo_uploads WHERE state = 'done')"));
        HEARTH_TRY(db.exec("DELETE FROM photo_uploads WHERE state = 'done'"));
    }
    // The key the server showed now is the one it must show from now on (empty over loopback http).
    HEARTH_TRY(storage::writeMeta(db, "sync.tls_pin", QString::fromLatin1(transport.peerPin())));
    QByteArray pem;
    for (const QSslCertificate &c : extraCa)
        pem += c.toPem();
    HEARTH_TRY(storage::writeMeta(db, "sync.tls_ca", QString::fromLatin1(pem)));
    HEARTH_TRY(storage::writeMeta(db, "sync.role", answer->value(u"role").toString()));
    HEARTH_TRY(storage::writeMeta(db, "sync.enrolled_at", QString::number(QDateTime::currentMSecsSinceEpoch())));
    HEARTH_TRY(storage::writeMeta(db, "sync.wipe_pending", QString()));
    HEARTH_TRY(storage::writeMeta(db, "sync.lease_unlocked_until", QString()));
    HEARTH_TRY(tx->commit());
    qCInfo(lcSync) << "enrolled as device" << device;
    return device;
}

namespace {

// The device's token, or Unauthorized while it has not enrolled.
Result<QByteArray> enrolledToken(storage::Database &db)
{
    auto token = storage::readMeta(db, "sync.token");
    if (!token)
        return token.error();
    if (token->isEmpty())
        return Error::withReason(ErrorCode::Unauthorized, u"这台设备还没有登记到服务器（enroll）"_qs,
                                 u"this device is not enrolled with a server yet (enroll)"_qs);
    return token->toLatin1();
}

} // namespace

Result<PhotoFetchReport> fetchPhotosNow(storage::Database &db, Transport &transport, media::MediaStore &media,
                                        const QStringList &hashes)
{
    auto token = enrolledToken(db);
    if (!token)
        return token.error();
    return fetchPhotos(db, media, transport, *token, hashes);
}

Result<SyncReport> synchronise(storage::Database &db, Transport &transport, media::MediaStore *media,
                               const SyncOptions &options)
{
    auto token = enrolledToken(db);
    if (!token)
        return token.error();
    if (isCopiedStore(db))
        return Error::withReason(ErrorCode::Conflict,
                                 u"这台设备上的数据是从别处复制或恢复来的；请重新登记这台设备，未上传的记录会随后上传"_qs,
                                 u"this store was copied or restored; enrol this device again and what was not yet "
                                 "sent goes up then"_qs,
                                 QString::fromLatin1(protocol::kCopiedStore));
    // One round at a time per store, whoever asks (the app's button, its timer, the network
    // coming back, hearthctl in another process). QLockFile notices a holder that died.
    QLockFile lock(roundLockPath(db));
    if (!lock.tryLock(0))
        return Error(ErrorCode::Busy, u"sync lock held"_qs);
    RetryingTransport retrying(transport, options.backoff);
    Round round{db, retrying, *token, options, {}, {}};
    // Push first: our edits reach the server's merge before we take its state; photos after
    // the records that name them.
    HEARTH_TRY(round.push());
    if (media)
        HEARTH_TRY(round.photos(*media));
    HEARTH_TRY(round.pull());
    HEARTH_TRY(round.followScope(media));
    if (round.wipeAsked) {
        // An administrator's wipe: the server serves nothing more; ours is on it (or goes next
        // round). Report, confirm, and the caller erases the store.
        HEARTH_TRY(reportToServer(db, retrying, round.token, options.buildVersion));
        SyncReport report = round.report;
        if (round.pushedAll) {
            HEARTH_TRY(confirmWipe(db, retrying, round.token));
            report.wiped = true;
        }
        return report;
    }
    // Drift is looked for only when everything of ours is on the server.
    if (round.pushedAll)
        HEARTH_TRY(round.verify());
    // After the records (a re-download above starts these feeds again too).
    round.tell(SyncProgress::Stage::Conflicts);
    auto conflicts = pullConflicts(db, retrying, round.token);
    if (!conflicts)
        return conflicts.error();
    auto pairs = pullDuplicates(db, retrying, round.token);
    if (!pairs)
        return pairs.error();
    if (media && options.unmeteredLink) {
        // Last: a round is about the records; photos ahead are a bonus, and one that fails
        // here is tried next time without failing the round.
        auto ahead = prefetchPhotos(db, *media, retrying, round.token);
        if (ahead) {
            round.report.photosFetched = ahead->fetched;
            round.report.photosFetchedHashes = ahead->fetchedHashes;
        } else if (ahead.error().code() == ErrorCode::Unauthorized)
            return ahead.error();
        else
            round.report.photoErrors << ahead.error().bilingual();
    }
    // What this device is and what waits here, and its audit entries (the server checks their chain).
    HEARTH_TRY(reportToServer(db, retrying, round.token, options.buildVersion));
    SyncReport report = round.report;
    report.conflicts = *conflicts;
    report.duplicatePairs = *pairs;
    report.retries = retrying.retries();
    report.bytesUp = retrying.bytesSent();
    report.bytesDown = retrying.bytesReceived();
    HEARTH_TRY(storage::writeMeta(db, "sync.last_at", QString::number(QDateTime::currentMSecsSinceEpoch())));
    qCInfo(lcSync) << "synced: pushed" << report.pushed << "pulled" << report.pulled << "rejected"
                   << report.rejected.size() << "photos" << report.photosUploaded << "conflicts" << report.conflicts;
    return report;
}

} // namespace hearth::sync
