// SPDX-License-Identifier: GPL-3.0-or-later
// Areas, people and households on a real SQLCipher store: validation against the store,
// masking and the audited reveal, per-field edits in the outbox, search ranking.
#include "core/domain/area.h"
#include "core/domain/household.h"
#include "core/domain/personrepository.h"
#include "core/ledger/areaimport.h"
#include "core/search/searchindex.h"
#include "core/storage/migrations.h"
#include "core/storage/store.h"
#include "platforms/common/pinkeystore.h"
#include "support/testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace hearth;
using namespace hearth::test;
using domain::Person;

class TestPeople : public QObject
{
    Q_OBJECT

    QTemporaryDir m_root;
    platform::PinKeyStore m_keys{crypto::KdfParams::minimal()};
    std::unique_ptr<storage::Store> m_store;
    qint64 m_now = 1'790'000'000'000;

    storage::Database &db() { return m_store->database(); }
    domain::PersonRepository people() { return domain::PersonRepository(db(), [this] { return ++m_now; }); }

    QJsonObject lastOutbox(QString *op = nullptr)
    {
        auto stmt = db().prepare("SELECT op, payload FROM outbox ORDER BY seq DESC LIMIT 1");
        if (!stmt || !stmt->step().value())
            return {};
        if (op)
            *op = stmt->columnText(0);
        return QJsonDocument::fromJson(stmt->columnText(1).toUtf8()).object();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_root.isValid());
        auto created = storage::Store::create(m_root.filePath(u"s"_qs), secret("258013"), m_keys);
        HEARTH_VERIFY_OK(created);
        m_store = std::move(created->store);
        auto report = ledger::importAreas(db(), testAreasDir(), {});
        HEARTH_VERIFY_OK(report);
        QCOMPARE(report->byLevel[4], 259); // 荣县 248, 东华门街道 10, 富顺县 1 in the excerpt
    }

    void areaImportWithPrefixAndAgain()
    {
        QTemporaryDir dir;
        auto other = storage::Database::open(dir.filePath(u"a.db"_qs), nullptr, storage::Database::Mode::Create);
        HEARTH_VERIFY_OK(other);
        HEARTH_VERIFY_OK(storage::migrate(*other, storage::builtinMigrations()));
        auto report = ledger::importAreas(*other, testAreasDir(), u"510321100"_qs);
        HEARTH_VERIFY_OK(report);
        // 四川省, 自贡市, 荣县, 旭阳镇 and its villages: ancestors come along, nothing else.
        QCOMPARE(report->byLevel[0], 1);
        QCOMPARE(report->byLevel[1], 1);
        QCOMPARE(report->byLevel[2], 1);
        QCOMPARE(report->byLevel[3], 1);
        QVERIFY(report->byLevel[4] > 20);
        auto again = ledger::importAreas(*other, testAreasDir(), u"510321100"_qs);
        HEARTH_VERIFY_OK(again);
        QCOMPARE(other->queryInt("SELECT count(*) FROM areas").value(), qint64(report->total()));
        HEARTH_VERIFY_ERROR(ledger::importAreas(*other, testAreasDir(), u"51x"_qs), ErrorCode::InvalidArgument);
        HEARTH_VERIFY_ERROR(ledger::importAreas(*other, dir.path(), {}), ErrorCode::BadFile);
    }

    void areaLineageAndNamePaths()
    {
        domain::AreaRepository areas(db());
        auto chain = areas.lineage(testVillage());
        HEARTH_VERIFY_OK(chain);
        QStringList names;
        for (const auto &a : *chain)
            names << a.name;
        QCOMPARE(names, QStringList({u"四川省"_qs, u"自贡市"_qs, u"荣县"_qs, u"旭阳镇"_qs, u"东街社区居民委员会"_qs}));
        QCOMPARE(areas.resolve(u"荣县旭阳镇东街社区居民委员会"_qs).value(), testVillage());
        QCOMPARE(areas.resolve(u"四川省/自贡市/荣县/旭阳镇/东街社区居民委员会"_qs).value(), testVillage());
        QCOMPARE(areas.resolve(u"旭阳镇 东街社区居民委员会"_qs).value(), testVillage());
        QCOMPARE(areas.resolve(testVillage()).value(), testVillage());
        // The same community name exists in 富顺县: the bare name is ambiguous.
        auto ambiguous = areas.resolve(u"东街社区居民委员会"_qs);
        HEARTH_VERIFY_ERROR(ambiguous, ErrorCode::InvalidRecord);
        QVERIFY(ambiguous.error().chinese().contains(u"不唯一"_qs));
        HEARTH_VERIFY_ERROR(areas.resolve(u"荣县不存在村"_qs), ErrorCode::InvalidRecord);
        HEARTH_VERIFY_ERROR(areas.resolve(u"510321999999"_qs), ErrorCode::InvalidRecord);
        QCOMPARE(areas.under(u"510321"_qs, domain::Area::Village).value().size(), 248);
        QCOMPARE(areas.children(QString()).value().size(), 2);
    }

    void addValidatesAgainstTheStore_data()
    {
        QTest::addColumn<Person>("person");
        QTest::addColumn<QString>("field");
        const QString v = testVillage();
        QTest::newRow("no name") << Person{.name = u"  "_qs, .areaCode = v} << u"name"_qs;
        QTest::newRow("no area") << Person{.name = u"王五"_qs} << u"area_code"_qs;
        QTest::newRow("unknown area") << Person{.name = u"王五"_qs, .areaCode = u"999999"_qs} << u"area_code"_qs;
        QTest::newRow("bad check digit")
            << Person{.name = u"王五"_qs, .idNumber = u"510321198001011234"_qs, .areaCode = v} << u"id_number"_qs;
        QTest::newRow("gender disagrees")
            << Person{.name = u"王五"_qs, .gender = u"F"_qs, .idNumber = u"510321198001011233"_qs, .areaCode = v}
            << u"id_number"_qs;
        QTest::newRow("birth date disagrees")
            << Person{.name = u"王五"_qs, .birthDate = u"1981-01-01"_qs, .idNumber = u"510321198001011233"_qs,
                      .areaCode = v}
            << u"id_number"_qs;
        QTest::newRow("bad phone") << Person{.name = u"王五"_qs, .phone = u"0813123456"_qs, .areaCode = v}
                                   << u"phone"_qs;
        QTest::newRow("bad status") << Person{.name = u"王五"_qs, .areaCode = v, .status = u"gone"_qs}
                                    << u"status"_qs;
        QTest::newRow("bad gender") << Person{.name = u"王五"_qs, .gender = u"X"_qs, .areaCode = v} << u"gender"_qs;
        QTest::newRow("unknown household")
            << Person{.name = u"王五"_qs, .areaCode = v, .householdId = u"nope"_qs} << u"household_id"_qs;
    }

    void addValidatesAgainstTheStore()
    {
        QFETCH(Person, person);
        QFETCH(QString, field);
        const qint64 before = db().queryInt("SELECT count(*) FROM outbox").value();
        auto added = people().add(person);
        HEARTH_VERIFY_ERROR(added, ErrorCode::InvalidRecord);
        QCOMPARE(added.error().detail(), field);
        QVERIFY(!added.error().chineseReason().isEmpty());
        QCOMPARE(db().queryInt("SELECT count(*) FROM outbox").value(), before); // nothing written
    }

    void addFillsGenderAndBirthDateAndMasks()
    {
        domain::HouseholdRepository households(db());
        auto household = households.add({.areaCode = testVillage(), .address = u"旭阳镇东街12号"_qs,
                                         .headName = u"张国强"_qs});
        HEARTH_VERIFY_OK(household);
        auto id = people().add({.name = u"张国强"_qs, .idNumber = u"510321198001011233"_qs,
                                .phone = u"138 1234 5678"_qs, .areaCode = testVillage(),
                                .householdId = *household, .relation = u"户主"_qs, .status = u"away"_qs,
                                .tags = {u"困难"_qs, u"困难"_qs, u"有创业意愿"_qs}});
        HEARTH_VERIFY_OK(id);
        QString op;
        const QJsonObject payload = lastOutbox(&op);
        QCOMPARE(op, u"create"_qs);
        QCOMPARE(payload.value(u"gender"_qs).toString(), u"M"_qs);
        QCOMPARE(payload.value(u"phone"_qs).toString(), u"13812345678"_qs);

        auto shown = people().find(*id);
        HEARTH_VERIFY_OK(shown);
        QCOMPARE(shown->idNumber, u"510321********1233"_qs);
        QCOMPARE(shown->phone, u"138****5678"_qs);
        QCOMPARE(shown->birthDate, u"1980-01-01"_qs);
        QCOMPARE(shown->gender, u"M"_qs);
        QCOMPARE(shown->tags, QStringList({u"困难"_qs, u"有创业意愿"_qs}));
        QCOMPARE(people().members(*household).value().size(), 1);

        // The same ID number again is a duplicate.
        auto dup = people().add({.name = u"张国强"_qs, .idNumber = u"510321198001011233"_qs, .areaCode = testVillage()});
        HEARTH_VERIFY_ERROR(dup, ErrorCode::Duplicate);
    }

    void revealIsAudited()
    {
        auto hits = search::searchPeople(db(), {u"张国强"_qs});
        HEARTH_VERIFY_OK(hits);
        QCOMPARE(hits->size(), 1);
        const QString id = hits->first().personId;
        const qint64 audits = db().queryInt("SELECT count(*) FROM audit_log").value();
        HEARTH_VERIFY_ERROR(people().reveal(id, u"cadre-li"_qs, u" "_qs), ErrorCode::InvalidArgument);
        QCOMPARE(db().queryInt("SELECT count(*) FROM audit_log").value(), audits); // no reason, no reveal

        auto full = people().reveal(id, u"cadre-li"_qs, u"核对欠薪材料"_qs);
        HEARTH_VERIFY_OK(full);
        QCOMPARE(full->idNumber, u"510321198001011233"_qs);
        QCOMPARE(full->phone, u"13812345678"_qs);
        auto stmt = db().prepare("SELECT at, actor, action, subject_id, reason FROM audit_log ORDER BY id DESC LIMIT 1");
        HEARTH_VERIFY_OK(stmt);
        QVERIFY(stmt->step().value());
        QCOMPARE(stmt->columnInt(0), m_now);
        QCOMPARE(stmt->columnText(1), u"cadre-li"_qs);
        QCOMPARE(stmt->columnText(2), u"reveal"_qs);
        QCOMPARE(stmt->columnText(3), id);
        QCOMPARE(stmt->columnText(4), u"核对欠薪材料"_qs);
    }

    void editRecordsEachChangedField()
    {
        const QString id = search::searchPeople(db(), {u"张国强"_qs}).value().first().personId;
        domain::PersonEdit edit;
        edit.fields = {{u"phone"_qs, u"13987654321"_qs}, {u"status"_qs, u"returned"_qs}, {u"name"_qs, u"张国强"_qs}};
        edit.addTags = {u"返乡创业"_qs};
        edit.removeTags = {u"困难"_qs};
        HEARTH_VERIFY_OK(people().edit(id, edit));
        QString op;
        const QJsonObject payload = lastOutbox(&op);
        QCOMPARE(op, u"update"_qs);
        const QJsonObject fields = payload.value(u"fields"_qs).toObject();
        QCOMPARE(fields.keys(), QStringList({u"phone"_qs, u"status"_qs})); // the unchanged name is not there
        QCOMPARE(fields.value(u"phone"_qs).toObject().value(u"old"_qs).toString(), u"13812345678"_qs);
        QCOMPARE(fields.value(u"phone"_qs).toObject().value(u"new"_qs).toString(), u"13987654321"_qs);
        QCOMPARE(fields.value(u"status"_qs).toObject().value(u"old"_qs).toString(), u"away"_qs);
        QCOMPARE(payload.value(u"tags"_qs).toObject().value(u"add"_qs).toArray().first().toString(), u"返乡创业"_qs);
        QCOMPARE(payload.value(u"tags"_qs).toObject().value(u"remove"_qs).toArray().first().toString(), u"困难"_qs);

        // The search follows the new phone, and forgets the old one.
        QCOMPARE(search::searchPeople(db(), {u"4321"_qs}).value().size(), 1);
        QCOMPARE(search::searchPeople(db(), {u"5678"_qs}).value().size(), 0);

        // A refused edit changes nothing.
        const qint64 outbox = db().queryInt("SELECT count(*) FROM outbox").value();
        domain::PersonEdit bad;
        bad.fields = {{u"phone"_qs, u"12345"_qs}, {u"status"_qs, u"local"_qs}};
        HEARTH_VERIFY_ERROR(people().edit(id, bad), ErrorCode::InvalidRecord);
        QCOMPARE(people().find(id).value().status, u"returned"_qs);
        QCOMPARE(db().queryInt("SELECT count(*) FROM outbox").value(), outbox);
        HEARTH_VERIFY_ERROR(people().edit(id, {{{u"created_at"_qs, u"1"_qs}}, {}, {}}), ErrorCode::InvalidArgument);
        HEARTH_VERIFY_ERROR(people().edit(u"missing"_qs, edit), ErrorCode::NotFound);
    }

    void searchRanksExactThenPrefixThenPart()
    {
        const QString v = testVillage();
        const QString other = u"510321126201"_qs; // a village of 铁厂镇
        QVERIFY(domain::AreaRepository(db()).exists(other).value());
        for (const Person &p : {Person{.name = u"李明华"_qs, .areaCode = v},
                                Person{.name = u"李明"_qs, .phone = u"13500001111"_qs, .areaCode = v},
                                Person{.name = u"王李明"_qs, .areaCode = other, .tags = {u"困难"_qs}},
                                Person{.name = u"李明亮"_qs, .areaCode = other},
                                Person{.name = u"Li Ming"_qs, .idNumber = u"11010519491231002X"_qs, .areaCode = v}})
            HEARTH_VERIFY_OK(people().add(p));
        auto names = [this](const search::Query &q) {
            QStringList out;
            for (const auto &hit : search::searchPeople(db(), q).value())
                out << people().find(hit.personId).value().name;
            return out;
        };
        QCOMPARE(names({u"李明"_qs}), QStringList({u"李明"_qs, u"李明亮"_qs, u"李明华"_qs, u"王李明"_qs}));
        QCOMPARE(names({u"明"_qs}).size(), 4);
        QCOMPARE(names({u"李明"_qs, other}), QStringList({u"李明亮"_qs, u"王李明"_qs}));
        QCOMPARE(names({u"李明"_qs, {}, {u"困难"_qs}}), QStringList({u"王李明"_qs}));
        QCOMPARE(names({u"li ming"_qs}), QStringList({u"Li Ming"_qs})); // case-insensitive
        QCOMPARE(names({u"1111"_qs}), QStringList({u"李明"_qs}));        // phone tail
        QCOMPARE(names({u"002x"_qs}), QStringList({u"Li Ming"_qs}));      // ID tail with the X
        QCOMPARE(names({u"东街12"_qs}), QStringList({u"张国强"_qs}));      // household address
        QCOMPARE(names({u"李明"_qs, {}, {}, 2}).size(), 2);                 // limit
        QCOMPARE(names({u"赵"_qs}), QStringList());
        QCOMPARE(names({QString(), other}), QStringList({u"李明亮"_qs, u"王李明"_qs})); // browse by area
    }
};

QTEST_GUILESS_MAIN(TestPeople)
#include "tst_people.moc"
