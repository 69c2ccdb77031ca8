// SPDX-License-Identifier: GPL-3.0-or-later
// Stations, campaigns, travel-point services and follow-ups with their append-only note log.
#include "core/domain/personrepository.h"
#include "core/domain/records.h"
#include "core/storage/store.h"
#include "platforms/common/pinkeystore.h"
#include "support/testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace hearth;
using namespace hearth::test;

class TestRecords : public QObject
{
    Q_OBJECT

    QTemporaryDir m_root;
    platform::PinKeyStore m_keys{crypto::KdfParams::minimal()};
    std::unique_ptr<storage::Store> m_store;

    storage::Database &db() { return m_store->database(); }
    qint64 count(const char *table)
    {
        return db().queryInt(std::string("SELECT count(*) FROM ") + table).value_or(-1);
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto created = storage::Store::create(m_root.filePath(u"s"_qs), secret("258013"), m_keys);
        HEARTH_VERIFY_OK(created);
        m_store = std::move(created->store);
        QVERIFY(importTestAreas(db()));
    }

    void stationsAndServices()
    {
        domain::RecordRepository records(db());
        HEARTH_VERIFY_ERROR(records.addStation({{}, u"shop"_qs, u"某店"_qs}), ErrorCode::InvalidRecord);
        auto station = records.addStation({{}, u"travel_point"_qs, u"成都东站爱心驿站"_qs, u"510321"_qs, u"成都市"_qs});
        HEARTH_VERIFY_OK(station);
        QCOMPARE(records.stations().value().size(), 1);
        const qint64 outbox = count("outbox");
        auto logged = records.addService({{}, *station, 0, 480, u"ticket"_qs, 3});
        HEARTH_VERIFY_OK(logged);
        QCOMPARE(count("outbox"), outbox + 1);
        HEARTH_VERIFY_ERROR(records.addService({{}, u"nope"_qs, 0, 480, u"ticket"_qs, 1}), ErrorCode::InvalidRecord);
        HEARTH_VERIFY_ERROR(records.addService({{}, *station, 0, 480, u"ticket"_qs, 0}), ErrorCode::InvalidRecord);
        HEARTH_VERIFY_ERROR(records.addService({{}, *station, 0, 480, u" "_qs, 1}), ErrorCode::InvalidRecord);
        QCOMPARE(count("service_logs"), 1);
        QCOMPARE(count("outbox"), outbox + 1);
    }

    void campaigns()
    {
        domain::RecordRepository records(db());
        HEARTH_VERIFY_OK(records.addCampaign({{}, u"春节走访"_qs, u"2026-01-20"_qs, u"2026-02-28"_qs, {u"困难"_qs},
                                              u"away"_qs, {u"510321"_qs}}));
        HEARTH_VERIFY_ERROR(records.addCampaign({{}, u"倒过来"_qs, u"2026-03-01"_qs, u"2026-02-01"_qs}),
                            ErrorCode::InvalidRecord);
        HEARTH_VERIFY_ERROR(records.addCampaign({{}, u"坏日期"_qs, u"2026-02-30"_qs, u"2026-03-01"_qs}),
                            ErrorCode::InvalidRecord);
        QCOMPARE(count("campaigns"), 1);
    }

    void followUpsKeepTheirLog()
    {
        auto person = domain::PersonRepository(db()).add({.name = u"讨薪人"_qs, .areaCode = testVillage()});
        HEARTH_VERIFY_OK(person);
        domain::RecordRepository records(db());
        domain::FollowUp wage;
        wage.personId = *person;
        wage.category = u"wage_arrears"_qs;
        wage.dueOn = u"2026-12-31"_qs;
        wage.claimedFen = 1'200'000; // 12,000 yuan
        auto id = records.addFollowUp(wage);
        HEARTH_VERIFY_OK(id);
        HEARTH_VERIFY_OK(records.addFollowUpNote(*id, u"站长"_qs, u"已联系劳动监察大队"_qs, u"in_progress"_qs));
        HEARTH_VERIFY_OK(records.addFollowUpNote(*id, u"站长"_qs, u"追回一半"_qs, {}, 600'000));
        HEARTH_VERIFY_ERROR(records.addFollowUpNote(*id, u"站长"_qs, u"  "_qs), ErrorCode::InvalidRecord);
        HEARTH_VERIFY_ERROR(records.addFollowUpNote(*id, u"站长"_qs, u"x"_qs, u"done"_qs), ErrorCode::InvalidRecord);
        HEARTH_VERIFY_ERROR(records.addFollowUpNote(u"nope"_qs, u"站长"_qs, u"x"_qs), ErrorCode::InvalidRecord);
        auto stmt = db().prepare("SELECT status, claimed_fen, recovered_fen FROM followups WHERE id = ?");
        stmt->bind(1, *id);
        QVERIFY(stmt->step().value());
        QCOMPARE(stmt->columnText(0), u"in_progress"_qs); // the money note did not move the status
        QCOMPARE(stmt->columnInt(1), 1'200'000);
        QCOMPARE(stmt->columnInt(2), 600'000);
        QCOMPARE(count("followup_notes"), 2);
        auto last = db().prepare("SELECT entity, payload FROM outbox ORDER BY seq DESC LIMIT 1");
        QVERIFY(last->step().value());
        QCOMPARE(last->columnText(0), u"followup_note"_qs);
        QCOMPARE(QJsonDocument::fromJson(last->columnText(1).toUtf8()).object().value(u"recovered_fen"_qs).toInteger(),
                 600'000);
        domain::FollowUp undated = wage;
        undated.dueOn = u"31/12/2026"_qs;
        HEARTH_VERIFY_ERROR(records.addFollowUp(undated), ErrorCode::InvalidRecord);
    }
};

QTEST_GUILESS_MAIN(TestRecords)
#include "tst_records.moc"
