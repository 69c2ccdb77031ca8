// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A synthetic county ledger for tests and benchmarks: Chinese headers, households of three
// (户主, 配偶, 子/女), valid ID numbers with right check digits, mobile numbers, villages of
// 荣县 (510321) from the area excerpt (tests/data/areas), and every `badEvery`-th row broken on purpose (a wrong
// check digit). Deterministic: the same arguments write the same bytes. Header-only, so
// bench/ can use it without the test library.

#include "core/domain/validation.h"

#include <QDate>
#include <QFile>
#include <QStringEncoder>

namespace hearth::test {

// The 248 villages of 荣县 in the area excerpt.
inline const QStringList &syntheticVillages()
{
    static const QStringList villages = [] {
        QStringList v;
        QFile f(QStringLiteral(HEARTH_TEST_DATA "/areas/villages.csv"));
        if (f.open(QIODevice::ReadOnly))
            while (!f.atEnd())
                if (const QByteArray line = f.readLine(); line.startsWith("510321"))
                    v << QString::fromLatin1(line.left(12));
        return v;
    }();
    return villages;
}

inline bool writeSyntheticLedger(const QString &path, int rows, int badEvery = 0, const char *encoding = "UTF-8")
{
    static const QStringList surnames = QStringLiteral("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭").split(u' ');
    static const QStringList given = QStringLiteral("国 建 明 华 春 秀 英 小 志 军 平 红 丽 伟 芳 强 勇 敏 静 磊").split(u' ');
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    QStringEncoder enc(encoding);
    QString text = u"姓名,性别,身份证号,联系电话,所在村,户主,与户主关系,外出状态,务工省份,务工城市,职业,是否党员,标签\n"_qs;
    QString head;
    for (int i = 0; i < rows; ++i) {
        const int member = i % 3;
        // Two or three characters, like most names in a county ledger.
        // Heads get a name no other head in their village has (a ledger would put an ID number
        // in 户主 otherwise); members get any two- or three-character name.
        const int household = i / 3;
        const int k = household / int(syntheticVillages().size()); // the household's number in its village
        const QString name = member == 0 ? surnames[k % surnames.size()] + given[(k / surnames.size()) % given.size()] +
                                               given[(k / (surnames.size() * given.size())) % given.size()]
                                         : surnames[household % surnames.size()] + given[i % given.size()] +
                                               (i % 4 ? given[(i / given.size()) % given.size()] : QString());
        if (member == 0)
            head = name;
        const bool male = member != 1;
        // (birth day, serial) differ for every row below 1.6 million: ID numbers are unique.
        const QDate birth = QDate(1960, 1, 1).addDays(i % 16000);
        QString first17 = u"510321"_qs + birth.toString(u"yyyyMMdd"_qs) +
                          QStringLiteral("%1").arg((i / 16000) % 100, 2, 10, QLatin1Char('0')) +
                          QString::number(male ? (2 * ((i / 1600000) % 5) + 1) : (2 * ((i / 1600000) % 5)));
        QString id = first17 + domain::idCheckCharacter(first17);
        if (badEvery > 0 && i % badEvery == badEvery - 1)
            id[17] = id[17] == u'0' ? u'1' : u'0'; // a wrong check digit
        const QString phone = QStringLiteral("13%1").arg(i, 9, 10, QLatin1Char('0'));
        const QString village = syntheticVillages()[household % syntheticVillages().size()];
        const QString relation = member == 0 ? u"户主"_qs : member == 1 ? u"配偶"_qs : u"子"_qs;
        const QString status = member == 2 ? u"在家"_qs : u"外出"_qs;
        text += QStringLiteral("%1,%2,%3,%4,%5,%6,%7,%8,%9,").arg(name, male ? u"男"_qs : u"女"_qs, id, phone, village,
                                                                   head, relation, status,
                                                                   member == 2 ? QString() : u"广东省"_qs);
        text += QStringLiteral("%1,%2,%3,%4\n").arg(member == 2 ? QString() : u"深圳市"_qs,
                                                    member == 2 ? QString() : u"普工"_qs,
                                                    i % 97 == 0 ? u"是"_qs : u"否"_qs,
                                                    i % 11 == 0 ? u"困难"_qs : QString());
        if (text.size() > (1 << 20)) {
            f.write(enc.encode(text));
            text.clear();
        }
    }
    f.write(enc.encode(text));
    return f.error() == QFile::NoError;
}

} // namespace hearth::test
