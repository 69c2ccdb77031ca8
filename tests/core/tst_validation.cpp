// SPDX-License-Identifier: GPL-3.0-or-later
// Every validation rule: ID numbers (GB 11643), mobile numbers, masking, field messages.
#include "core/domain/validation.h"

#include <QTest>

using namespace hearth::domain;

class TestValidation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idNumbers_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<int>("problem"); // -1 = valid
        QTest::newRow("valid") << u"510321198001011233"_qs << -1;
        QTest::newRow("valid X check digit") << u"11010519491231002X"_qs << -1;
        QTest::newRow("lower-case x accepted") << u"11010519491231002x"_qs << -1;
        QTest::newRow("spaces trimmed") << u" 510321198001011233 "_qs << -1;
        QTest::newRow("wrong check digit") << u"510321198001011234"_qs << int(Problem::IdCheckDigit);
        QTest::newRow("X where a digit belongs") << u"110105194912310021"_qs << int(Problem::IdCheckDigit);
        QTest::newRow("digit where X belongs") << u"510321198001011X33"_qs << int(Problem::IdCharacters);
        QTest::newRow("too short") << u"51032119800101123"_qs << int(Problem::IdLength);
        QTest::newRow("15-digit old card") << u"510321800101123"_qs << int(Problem::IdLength);
        QTest::newRow("letters") << u"51032119800101A233"_qs << int(Problem::IdCharacters);
        QTest::newRow("empty") << QString() << int(Problem::Required);
        // Check digits made right, so only the date is wrong.
        QTest::newRow("February 30") << withCheck(u"51032119800230123"_qs) << int(Problem::IdBirthDate);
        QTest::newRow("month 13") << withCheck(u"51032119801301123"_qs) << int(Problem::IdBirthDate);
        QTest::newRow("February 29, 1900 (not a leap year)") << withCheck(u"51032119000229123"_qs)
                                                              << int(Problem::IdBirthDate);
        QTest::newRow("February 29, 2000 (a leap year)") << withCheck(u"51032120000229123"_qs) << -1;
        QTest::newRow("born in the future") << withCheck(u"51032120990101123"_qs) << int(Problem::IdBirthDate);
        QTest::newRow("born before 1900") << withCheck(u"51032118991231123"_qs) << int(Problem::IdBirthDate);
    }

    void idNumbers()
    {
        QFETCH(QString, id);
        QFETCH(int, problem);
        const auto found = checkIdNumber(id, QDate(2026, 11, 22));
        QCOMPARE(found ? int(*found) : -1, problem);
    }

    void checkCharacterCoversAllElevenResults()
    {
        // The MOD 11-2 result maps 0..10 to "10X98765432": find numbers giving each.
        QSet<QChar> seen;
        for (int serial = 0; serial < 200 && seen.size() < 11; ++serial)
            seen.insert(idCheckCharacter(QStringLiteral("51032119800101%1").arg(serial, 3, 10, QLatin1Char('0'))));
        QCOMPARE(seen.size(), 11);
        QVERIFY(seen.contains(u'X'));
    }

    void factsFromTheIdNumber()
    {
        const IdNumberFacts male = idNumberFacts(u"510321198001011233"_qs);
        QCOMPARE(male.birthDate, QDate(1980, 1, 1));
        QCOMPARE(male.gender, QChar(u'M')); // 17th digit 3 is odd
        const IdNumberFacts female = idNumberFacts(u"11010519491231002X"_qs);
        QCOMPARE(female.birthDate, QDate(1949, 12, 31));
        QCOMPARE(female.gender, QChar(u'F')); // 17th digit 2 is even
    }

    void phones_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("normalized"); // empty = refused
        QTest::newRow("plain") << u"13812345678"_qs << u"13812345678"_qs;
        QTest::newRow("spaced") << u"138 1234 5678"_qs << u"13812345678"_qs;
        QTest::newRow("dashed") << u"138-1234-5678"_qs << u"13812345678"_qs;
        QTest::newRow("+86") << u"+86 19912345678"_qs << u"19912345678"_qs;
        QTest::newRow("86 prefix") << u"8615912345678"_qs << u"15912345678"_qs;
        QTest::newRow("12x is no mobile") << u"12812345678"_qs << QString();
        QTest::newRow("landline") << u"0813-1234567"_qs << QString();
        QTest::newRow("10 digits") << u"1381234567"_qs << QString();
        QTest::newRow("12 digits") << u"138123456789"_qs << QString();
        QTest::newRow("letters") << u"1381234567a"_qs << QString();
    }

    void phones()
    {
        QFETCH(QString, input);
        QFETCH(QString, normalized);
        QCOMPARE(normalizedPhone(input), normalized);
        QCOMPARE(checkPhone(input).has_value(), normalized.isEmpty());
    }

    void masking()
    {
        QCOMPARE(maskIdNumber(u"510321198001011233"_qs), u"510321********1233"_qs);
        QCOMPARE(maskIdNumber(u"11010519491231002X"_qs), u"110105********002X"_qs);
        QCOMPARE(maskPhone(u"13812345678"_qs), u"138****5678"_qs);
        QCOMPARE(maskPhone(QString()), QString());
        QCOMPARE(maskIdNumber(u"123"_qs), u"***"_qs);
    }

    void messagesNameTheFieldInBothLanguages()
    {
        const FieldProblem p{u"id_number"_qs, Problem::IdCheckDigit};
        QCOMPARE(p.chinese(), u"身份证号：校验位不对，请核对号码"_qs);
        QCOMPARE(p.english(), u"ID number: wrong check digit; please check the number"_qs);
        const auto e = p.toError();
        QCOMPARE(e.code(), hearth::ErrorCode::InvalidRecord);
        QVERIFY(e.bilingual().startsWith(u"记录无效：身份证号：校验位不对"_qs));
        QVERIFY(e.bilingual().contains(u"invalid record: ID number: wrong check digit"_qs));
        QCOMPARE(FieldProblem({u"phone"_qs, Problem::PhoneFormat}).chinese().left(5), u"联系电话："_qs);
    }

private:
    static QString withCheck(const QString &first17) { return first17 + idCheckCharacter(first17); }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
