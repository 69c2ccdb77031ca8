// SPDX-License-Identifier: GPL-3.0-or-later
// The record model (core/model) against the device's real tables, and the protocol pieces that
// device and server share (the per-field merge, entry hashes) on their own. Records are made
// from the model itself, so a field added to a kind is tested here without a new line: every
// value the model allows must apply on a real SQLCipher store and read back the same, and every
// value it refuses is one a device table would refuse or could not hold.
#include "core/domain/personfields.h"
#include "core/domain/recordrows.h"
#include "core/domain/uuid.h"
#include "core/model/recordcheck.h"
#include "core/protocol/entry.h"
#include "core/protocol/merge.h"
#include "core/storage/store.h"
#include "core/sync/remoteapply.h"
#include "platforms/common/pinkeystore.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace hearth;
using namespace hearth::test;

namespace {

// A valid value of a field, made from its description. `ids` holds a record of each kind made so far.
QJsonValue sampleValue(const model::Field &f, const QHash<QString, QString> &ids, bool areaList = false)
{
    using model::Type;
    if (!f.choices.empty() && f.type == Type::Text)
        return QString::fromLatin1(f.choices.front());
    switch (f.type) {
    case Type::Text:
        if (f.check == model::Check::IdNumber)
            return u"11010519491231002X"_qs;
        if (f.check == model::Check::Phone)
            return u"13500001111"_qs;
        return f.check == model::Check::Multiline ? u"第一行\n第二行"_qs : u"测试"_qs;
    case Type::Id:
        if (!f.references)
            return u"x1"_qs;
        return ids.contains(QLatin1String(f.references)) ? QJsonValue(ids.value(QLatin1String(f.references)))
                                                         : QJsonValue(QJsonValue::Undefined);
    case Type::AreaCode: return testVillage();
    case Type::Date: return u"2026-01-15"_qs;
    case Type::Integer: return std::clamp<qint64>(1'764'000'000'000, f.min, f.max);
    case Type::Real: return double(std::clamp<qint64>(30, f.min, f.max)) + 0.125;
    case Type::Bool: return true;
    case Type::TextList:
        if (!f.choices.empty())
            return QJsonArray{QString::fromLatin1(f.choices.front())};
        return QJsonArray{areaList ? testVillage() : u"标签"_qs};
    case Type::Object: {
        QJsonObject o;
        for (const model::Field &item : f.items)
            o.insert(QLatin1String(item.key), sampleValue(item, ids));
        return o;
    }
    case Type::ObjectList: {
        QJsonObject o;
        for (const model::Field &item : f.items)
            o.insert(QLatin1String(item.key), sampleValue(item, ids));
        return QJsonArray{o};
    }
    }
    return {};
}

QJsonObject sampleRecord(const model::Kind &kind, const QHash<QString, QString> &ids)
{
    QJsonObject body;
    for (const model::Field &f : kind.fields) {
        const bool areaList = kind.scopeField && QLatin1String(kind.scopeField) == QLatin1String(f.key);
        const QJsonValue v = sampleValue(f, ids, areaList);
        if (!v.isUndefined())
            body.insert(QLatin1String(f.key), v);
    }
    // The rules across fields: the gender and birth date the ID number says; a fix has no reason.
    if (QLatin1String(kind.name) == QLatin1String("person"))
        body.insert(u"gender"_qs, u"F"_qs), body.insert(u"birth_date"_qs, u"1949-12-31"_qs);
    if (QLatin1String(kind.name) == QLatin1String("visit")) {
        QJsonObject location = body.value(u"location").toObject();
        location.remove(u"reason"_qs);
        body.insert(u"location"_qs, location);
    }
    return body;
}

// Kinds in an order where every reference names a record made before it.
QList<const model::Kind *> dependencyOrder()
{
    QList<const model::Kind *> out;
    for (const char *name : {"station", "campaign", "household", "person", "visit", "followup", "followup_note", "service",
                             "job_fair", "certificate", "review"})
        out << model::kind(QLatin1String(name));
    return out;
}

} // namespace

class TestRecordModel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    std::unique_ptr<storage::Store> newStore()
    {
        static platform::PinKeyStore keys{crypto::KdfParams::minimal()};
        static int n = 0;
        auto created = storage::Store::create(m_dir.filePath(u"store%1"_qs.arg(++n)), secret("258013"), keys);
        if (!created || !importTestAreas(created->store->database()))
            return nullptr;
        return std::move(created->store);
    }

    // Applies one record of every kind, made from the model, into db; returns their ids by kind.
    QHash<QString, QString> applySamples(storage::Database &db, QHash<QString, QJsonObject> *bodies = nullptr)
    {
        QHash<QString, QString> ids;
        for (const model::Kind *kind : dependencyOrder()) {
            const QString id = makeUuidV7();
            const QJsonObject body = sampleRecord(*kind, ids);
            const auto problem = model::checkRecord(*kind, body);
            if (problem) {
                qWarning() << kind->name << problem->english();
                return {};
            }
            if (auto r = sync::applyRemoteChange(db, QLatin1String(kind->name), id, u"create"_qs, body); !r) {
                qWarning() << kind->name << r.error().bilingual();
                return {};
            }
            ids.insert(QLatin1String(kind->name), id);
            if (bodies)
                bodies->insert(QLatin1String(kind->name), body);
        }
        return ids;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void everyKindCoversItsTableAndReadsBackAsWritten()
    {
        auto store = newStore();
        QVERIFY(store);
        QHash<QString, QJsonObject> bodies;
        const auto ids = applySamples(store->database(), &bodies);
        QCOMPARE(ids.size(), qsizetype(model::kinds().size()));
        for (const model::Kind &kind : model::kinds()) {
            auto held = domain::readRecords(store->database(), kind);
            HEARTH_VERIFY_OK(held);
            QCOMPARE(held->size(), 1);
            const QString name = QLatin1String(kind.name);
            // Every field came back: the canonical lines (all content) agree, and so does the
            // creation time, which the line leaves out.
            QCOMPARE(model::canonicalRecord(kind, held->first().id, held->first().body, held->first().voided),
                     model::canonicalRecord(kind, ids.value(name), bodies.value(name), false));
            if (model::field(kind, model::kCreatedAt))
                QCOMPARE(held->first().body.value(u"created_at").toInteger(), qint64(1'764'000'000'000));
            for (const model::Field &f : kind.fields)
                QVERIFY2(!bodies.value(name).contains(QLatin1String(f.key))
                             || !model::isEmptyValue(f, held->first().body.value(QLatin1String(f.key))),
                         qPrintable(name + u'.' + QLatin1String(f.key) + u" came back empty"_qs));
        }
    }

    void everyAllowedValueAppliesAndEveryOtherIsRefused()
    {
        auto store = newStore();
        QVERIFY(store);
        auto ids = applySamples(store->database());
        QVERIFY(!ids.isEmpty());
        int applied = 0, refused = 0;
        for (const model::Kind *kind : dependencyOrder()) {
            const QJsonObject base = sampleRecord(*kind, ids);
            for (const model::Field &f : kind->fields) {
                QList<QJsonValue> allowed, wrong;
                for (const char *c : f.choices)
                    allowed << QString::fromLatin1(c);
                if (!f.choices.empty())
                    wrong << u"bogus"_qs;
                if (f.type == model::Type::Integer && f.min > std::numeric_limits<qint64>::min()) {
                    allowed << f.min << f.max;
                    wrong << f.min - 1;
                    if (f.max < std::numeric_limits<qint64>::max())
                        wrong << f.max + 1;
                }
                if (f.type == model::Type::Text) {
                    wrong << u"名字\u0000"_qs << QString(f.maxLength + 1, u'长');
                    if (f.check != model::Check::Multiline)
                        wrong << u"两\n行"_qs;
                }
                if (f.type == model::Type::Integer || f.type == model::Type::Bool)
                    wrong << u"1"_qs;
                for (const QJsonValue &v : allowed) {
                    QJsonObject body = base;
                    body.insert(QLatin1String(f.key), v);
                    if (model::checkRecord(*kind, body))
                        continue; // allowed alone, not with the rest of this sample (a required 0)
                    const QString id = makeUuidV7();
                    auto r = sync::applyRemoteChange(store->database(), QLatin1String(kind->name), id, u"create"_qs, body);
                    QVERIFY2(r.ok(), qPrintable(QLatin1String(kind->name) + u'.' + QLatin1String(f.key) + u" = "_qs
                                                + v.toVariant().toString() + u": "_qs + (r ? QString() : r.error().bilingual())));
                    ++applied;
                }
                for (const QJsonValue &v : wrong) {
                    QJsonObject body = base;
                    body.insert(QLatin1String(f.key), v);
                    const auto problem = model::checkRecord(*kind, body);
                    QVERIFY2(problem.has_value(), qPrintable(QLatin1String(kind->name) + u'.' + QLatin1String(f.key)
                                                             + u" accepted a bad value"_qs));
                    QCOMPARE(problem->field, QLatin1String(f.key));
                    ++refused;
                }
            }
            QJsonObject unknown = base;
            unknown.insert(u"shoe_size"_qs, 43);
            QCOMPARE(model::checkRecord(*kind, unknown)->problem, domain::Problem::UnknownField);
        }
        QVERIFY2(applied > 20 && refused > 60, qPrintable(u"%1 applied, %2 refused"_qs.arg(applied).arg(refused)));
    }

    void theDevicesOwnRulesAcrossFieldsAreTheModels()
    {
        const model::Kind &visit = *model::kind(u"visit");
        QJsonObject v = sampleRecord(visit, {{u"person"_qs, u"p1"_qs}});
        v.remove(u"person_id"_qs);
        v.remove(u"household_id"_qs);
        QCOMPARE(model::checkRecord(visit, v)->field, u"person_id"_qs); // a visit to nobody
        v = sampleRecord(visit, {{u"person"_qs, u"p1"_qs}});
        v.insert(u"location"_qs, QJsonObject{{u"status"_qs, u"fix"_qs}}); // a fix without coordinates
        QCOMPARE(model::checkRecord(visit, v)->field, u"location"_qs);
        v.insert(u"location"_qs, QJsonObject{{u"status"_qs, u"none"_qs}}); // no fix and no reason
        QCOMPARE(model::checkRecord(visit, v)->field, u"location"_qs);
        const model::Kind &campaign = *model::kind(u"campaign");
        QJsonObject c = sampleRecord(campaign, {});
        c.insert(u"starts_on"_qs, u"2026-03-01"_qs);
        c.insert(u"ends_on"_qs, u"2026-02-01"_qs);
        QCOMPARE(model::checkRecord(campaign, c)->field, u"ends_on"_qs);
        // An ID number is stored in its one form (upper-case X), so equal numbers compare equal.
        const model::Kind &person = *model::kind(u"person");
        QJsonObject p = sampleRecord(person, {});
        p.insert(u"id_number"_qs, u"11010519491231002x"_qs);
        QCOMPARE(model::checkRecord(person, p)->field, u"id_number"_qs);
        // Tags are a set (a device's table holds each once): the same tag twice is refused.
        p = sampleRecord(person, {});
        p.insert(u"tags"_qs, QJsonArray{u"困难"_qs, u"困难"_qs});
        QCOMPARE(model::checkRecord(person, p)->field, u"tags"_qs);
    }

    void theMergeTakesABaseThatStillHoldsAndKeepsTheLoser()
    {
        const model::Kind &person = *model::kind(u"person");
        auto edit = [](const char *field, const QString &from, const QString &to) {
            return QJsonObject{{u"fields"_qs, QJsonObject{{QLatin1String(field), QJsonObject{{u"old"_qs, from}, {u"new"_qs, to}}}}}};
        };
        const QJsonObject start{{u"name"_qs, u"李明"_qs}, {u"area_code"_qs, testVillage()}, {u"phone"_qs, u"13500001111"_qs}};
        // From the base it names: taken, no conflict.
        auto first = protocol::mergeUpdate(person, start, edit("phone", u"13500001111"_qs, u"13600002222"_qs), 100, u"dev-a"_qs);
        QCOMPARE(first.body.value(u"phone").toString(), u"13600002222"_qs);
        QVERIFY(first.conflicts.isEmpty());
        QCOMPARE(first.changedFields, QStringList{u"phone"_qs});
        // Another device edited the same field from the old base, with an earlier clock: kept
        // as the loser, the value stays.
        auto late = protocol::mergeUpdate(person, first.body, edit("phone", u"13500001111"_qs, u"13700003333"_qs), 90, u"dev-b"_qs);
        QCOMPARE(late.body.value(u"phone").toString(), u"13600002222"_qs);
        QCOMPARE(late.conflicts.size(), 1);
        QCOMPARE(late.conflicts[0].lost, u"13700003333"_qs);
        QCOMPARE(late.conflicts[0].keptDevice, u"dev-a"_qs);
        // With a later clock it wins, and the value it replaced is the loser.
        auto later = protocol::mergeUpdate(person, first.body, edit("phone", u"13500001111"_qs, u"13700003333"_qs), 200, u"dev-b"_qs);
        QCOMPARE(later.body.value(u"phone").toString(), u"13700003333"_qs);
        QCOMPARE(later.conflicts[0].lost, u"13600002222"_qs);
        // Equal clocks: the higher device id, whichever arrives first.
        auto tieA = protocol::mergeUpdate(person, first.body, edit("phone", u"13500001111"_qs, u"13800004444"_qs), 100, u"dev-0"_qs);
        QCOMPARE(tieA.body.value(u"phone").toString(), u"13600002222"_qs);
        // The base matches again, but only because a later edit set the old value back (or the
        // same edit comes again under another identity): the later value stays, the old edit
        // is kept as a conflict; it never undoes the later one.
        auto back = protocol::mergeUpdate(person, first.body, edit("phone", u"13600002222"_qs, u"13500001111"_qs), 300, u"dev-b"_qs);
        QCOMPARE(back.body.value(u"phone").toString(), u"13500001111"_qs);
        auto again = protocol::mergeUpdate(person, back.body, edit("phone", u"13500001111"_qs, u"13600002222"_qs), 100, u"dev-a"_qs);
        QCOMPARE(again.body.value(u"phone").toString(), u"13500001111"_qs);
        QCOMPARE(again.conflicts.size(), 1);
        QCOMPARE(again.conflicts[0].lost, u"13600002222"_qs);
        QVERIFY(again.changedFields.isEmpty());
        // A flag written as "1" by one device and true by another is the same value: no conflict.
        QJsonObject flagged = start;
        flagged.insert(u"party_member"_qs, true);
        auto flag = protocol::mergeUpdate(person, flagged, edit("party_member", u"1"_qs, u"0"_qs), 100, u"dev-a"_qs);
        QVERIFY(flag.conflicts.isEmpty());
        QVERIFY(!flag.body.contains(u"party_member"));
        // Tags are a set: added and removed, in any order, without conflicts.
        QJsonObject tags{{u"tags"_qs, QJsonObject{{u"add"_qs, QJsonArray{u"困难"_qs, u"返乡创业"_qs}}, {u"remove"_qs, QJsonArray{}}}}};
        auto tagged = protocol::mergeUpdate(person, start, tags, 100, u"dev-a"_qs);
        QCOMPARE(tagged.body.value(u"tags").toArray().size(), 2);
        QJsonObject untag{{u"tags"_qs, QJsonObject{{u"add"_qs, QJsonArray{}}, {u"remove"_qs, QJsonArray{u"困难"_qs}}}}};
        QCOMPARE(protocol::mergeUpdate(person, tagged.body, untag, 90, u"dev-b"_qs).body.value(u"tags").toArray(),
                 QJsonArray{u"返乡创业"_qs});
        // What devices pull carries no bookkeeping.
        QVERIFY(!protocol::withoutBookkeeping(tagged.body).contains(u"_clocks"));
    }

    void anUpdateIsCheckedFieldByField()
    {
        const model::Kind &person = *model::kind(u"person");
        auto edit = [](const char *field, const QString &to) {
            return QJsonObject{{u"fields"_qs, QJsonObject{{QLatin1String(field), QJsonObject{{u"old"_qs, u""_qs}, {u"new"_qs, to}}}}}};
        };
        QVERIFY(!model::checkUpdate(person, edit("phone", u"13500001111"_qs)));
        QCOMPARE(model::checkUpdate(person, edit("phone", u"123"_qs))->problem, domain::Problem::PhoneFormat);
        QCOMPARE(model::checkUpdate(person, edit("name", u""_qs))->problem, domain::Problem::Required);
        QCOMPARE(model::checkUpdate(person, edit("status", u"gone"_qs))->problem, domain::Problem::BadChoice);
        QCOMPARE(model::checkUpdate(person, edit("name", u"a\u0000b"_qs))->problem, domain::Problem::ControlCharacter);
        QCOMPARE(model::checkUpdate(person, edit("shoe_size", u"43"_qs))->problem, domain::Problem::UnknownField);
        QCOMPARE(model::checkUpdate(person, edit("created_at", u"1"_qs))->problem, domain::Problem::UnknownField);
        QVERIFY(model::checkUpdate(*model::kind(u"household"), edit("tags", u"x"_qs)));
    }

    void thePersonRepositorysFieldsAreTheModels()
    {
        // PersonRepository walks personFields() (its members); the protocol walks the model.
        QStringList repository, described;
        for (const domain::PersonField &f : domain::personFields())
            repository << QLatin1String(f.key);
        for (const model::Field &f : model::kind(u"person")->fields)
            if (f.storage == model::Storage::Column && QLatin1String(f.key) != QLatin1String(model::kCreatedAt))
                described << QLatin1String(f.key);
        QCOMPARE(repository, described);
    }

    void anEntrysHashIsItsContent()
    {
        const QJsonObject a{{u"name"_qs, u"李明"_qs}, {u"area_code"_qs, testVillage()}};
        QJsonObject reordered;
        reordered.insert(u"area_code"_qs, testVillage());
        reordered.insert(u"name"_qs, u"李明"_qs);
        const QString h = protocol::entryHash(u"person"_qs, u"p1"_qs, u"create"_qs, a);
        QCOMPARE(h.size(), 64);
        QCOMPARE(protocol::entryHash(u"person"_qs, u"p1"_qs, u"create"_qs, reordered), h);
        QVERIFY(protocol::entryHash(u"person"_qs, u"p2"_qs, u"create"_qs, a) != h);
        QVERIFY(protocol::entryHash(u"person"_qs, u"p1"_qs, u"update"_qs, a) != h);
        QJsonObject b = a;
        b.insert(u"name"_qs, u"李敏"_qs);
        QVERIFY(protocol::entryHash(u"person"_qs, u"p1"_qs, u"create"_qs, b) != h);
    }
};

QTEST_GUILESS_MAIN(TestRecordModel)
#include "tst_recordmodel.moc"
