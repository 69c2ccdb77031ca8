// SPDX-License-Identifier: GPL-3.0-or-later
// The registry list model on a real store: QAbstractItemModelTester watches every change;
// results follow the query, filters and the session's lock state; numbers stay masked.
#include "controllers/peoplesearchmodel.h"
#include "core/domain/personrepository.h"
#include "core/storage/database.h"
#include "platforms/common/pinkeystore.h"
#include "support/testsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>

using namespace hearth;
using namespace hearth::app;
using namespace hearth::test;

class TestPeopleSearchModel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_root;
    std::unique_ptr<SessionController> m_session;

    QStringList names(const PeopleSearchModel &m)
    {
        QStringList out;
        for (int i = 0; i < m.rowCount(); ++i)
            out << m.data(m.index(i), PeopleSearchModel::NameRole).toString();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_session = std::make_unique<SessionController>(
            m_root.filePath(u"store"_qs), std::make_unique<platform::PinKeyStore>(crypto::KdfParams::minimal()),
            u"zh"_qs);
        m_session->createStore(u"258013"_qs, u"258013"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(!m_session->busy(), 20000);
        m_session->acknowledgeRecoveryCode();
        QCOMPARE(m_session->state(), SessionController::State::Unlocked);
        auto &db = m_session->store()->database();
        QVERIFY(importTestAreas(db));
        domain::PersonRepository people(db);
        const QString v = testVillage(), other = u"510321126201"_qs;
        for (const domain::Person &p :
             {domain::Person{.name = u"李明"_qs, .phone = u"13500001111"_qs, .areaCode = v},
              domain::Person{.name = u"李明华"_qs, .idNumber = u"11010519491231002X"_qs, .areaCode = v},
              domain::Person{.name = u"王李明"_qs, .areaCode = other, .tags = {u"困难"_qs}},
              domain::Person{.name = u"张三"_qs, .areaCode = other}})
            HEARTH_VERIFY_OK(people.add(p));
    }

    void followsTheQueryAndFilters()
    {
        PeopleSearchModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counts(&model, &PeopleSearchModel::countChanged);
        QCOMPARE(model.rowCount(), 0); // no session yet
        model.setSession(m_session.get());
        QCOMPARE(model.rowCount(), 4); // empty query: everyone, by name in pinyin order
        QVERIFY(model.browsing());
        QCOMPARE(model.total(), 4);
        // li, li, wang, zhang; by code point 张 (U+5F20) would come first.
        QCOMPARE(names(model), QStringList({u"李明"_qs, u"李明华"_qs, u"王李明"_qs, u"张三"_qs}));
        model.setQuery(u"李明"_qs);
        QCOMPARE(names(model), QStringList({u"李明"_qs, u"李明华"_qs, u"王李明"_qs}));
        QCOMPARE(model.data(model.index(0), PeopleSearchModel::MatchRole).toString(), u"exact_name"_qs);
        QCOMPARE(model.data(model.index(0), PeopleSearchModel::PhoneRole).toString(), u"135****1111"_qs);
        QCOMPARE(model.data(model.index(1), PeopleSearchModel::IdNumberRole).toString(), u"110105********002X"_qs);
        QCOMPARE(model.data(model.index(0), PeopleSearchModel::PlaceRole).toString(), u"旭阳镇 东街社区"_qs);
        model.setTags({u"困难"_qs});
        QCOMPARE(names(model), QStringList({u"王李明"_qs}));
        model.setTags({});
        model.setAreaCode(u"510321126"_qs); // a township
        QCOMPARE(names(model), QStringList({u"王李明"_qs}));
        model.setAreaCode({});
        model.setQuery(u"1111"_qs);
        QCOMPARE(names(model), QStringList({u"李明"_qs}));
        QVERIFY(counts.count() >= 6);
        QCOMPARE(model.roleNames().value(PeopleSearchModel::PlaceRole), QByteArray("place"));
    }

    void browsesEveryoneAPageAtATime() // reading pages as asked, keeping the last few
    {
        {
            domain::PersonRepository people(m_session->store()->database());
            for (int i = 0; i < 250; ++i)
                HEARTH_VERIFY_OK(people.add({.name = u"周%1"_qs.arg(i, 3, 10, QLatin1Char('0')), .areaCode = testVillage()}));
        }
        PeopleSearchModel model;
        model.setCachedPages(2);
        model.setSession(m_session.get());
        QCOMPARE(model.total(), 254);
        QCOMPARE(model.rowCount(), 254); // the scroll bar is true from the start
        QCOMPARE(model.loadedRows(), 0); // nothing read until a row is asked for
        QCOMPARE(model.data(model.index(0), PeopleSearchModel::NameRole).toString(), u"李明"_qs);
        QCOMPARE(model.loadedRows(), PeopleSearchModel::kPageSize);
        QCOMPARE(model.data(model.index(253), PeopleSearchModel::NameRole).toString(), u"周249"_qs);
        QCOMPARE(model.loadedRows(), PeopleSearchModel::kPageSize + 54);
        // A third page evicts the least recently used one: memory stays bounded.
        QVERIFY(!model.data(model.index(150), PeopleSearchModel::NameRole).toString().isEmpty());
        QVERIFY(model.loadedRows() <= 2 * PeopleSearchModel::kPageSize);
        // Every person exactly once, and in order: 周 (zhou) after 张 (zhang).
        const QStringList all = names(model);
        QCOMPARE(QSet<QString>(all.begin(), all.end()).size(), 254);
        QCOMPARE(all.indexOf(u"张三"_qs), 3);
        QCOMPARE(all.last(), u"周249"_qs);
        QVERIFY(model.loadedRows() <= 2 * PeopleSearchModel::kPageSize);
        {
            QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
            model.setTags({u"困难"_qs});
            QCOMPARE(model.rowCount(), 1);
            model.setTags({});
        }
        // A search is not paged.
        model.setQuery(u"周"_qs);
        QCOMPARE(model.rowCount(), model.limit());
        QVERIFY(!model.browsing());
        {
            auto &db = m_session->store()->database();
            HEARTH_VERIFY_OK(db.exec("DELETE FROM search_terms WHERE subject IN (SELECT rowid FROM people WHERE name LIKE '周%')"));
            HEARTH_VERIFY_OK(db.exec("DELETE FROM outbox WHERE payload LIKE '%周%'"));
            HEARTH_VERIFY_OK(db.exec("DELETE FROM people WHERE name LIKE '周%'"));
        }
    }

    void emptiesWhenLocked()
    {
        PeopleSearchModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setSession(m_session.get());
        QVERIFY(model.rowCount() > 0);
        m_session->lock();
        QCOMPARE(model.rowCount(), 0);
        m_session->unlock(u"258013"_qs);
        QTRY_VERIFY_WITH_TIMEOUT(!m_session->busy(), 20000);
        QCOMPARE(model.rowCount(), 4);
    }
};

QTEST_MAIN(TestPeopleSearchModel)
#include "tst_peoplesearchmodel.moc"
