// SPDX-License-Identifier: GPL-3.0-or-later
#include "labels.h"

#include "core/domain/money.h"
#include "core/domain/visit.h"
#include "core/location/fix.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>
#include <QVariantMap>

namespace hearth::app {
namespace {

struct Entry
{
    const char *key;
    const char *text;
};

template <std::size_t N>
QString lookup(const Entry (&table)[N], const QString &key)
{
    for (const Entry &e : table)
        if (key == QLatin1String(e.key))
            return QCoreApplication::translate("Labels", e.text);
    return key;
}

const Entry kServices[] = {
    {"ticket", QT_TRANSLATE_NOOP("Labels", "Tickets")},
    {"guidance", QT_TRANSLATE_NOOP("Labels", "Guidance")},
    {"hardship_aid", QT_TRANSLATE_NOOP("Labels", "Hardship aid")},
    {"health", QT_TRANSLATE_NOOP("Labels", "Health")},
    {"order", QT_TRANSLATE_NOOP("Labels", "Keeping order")},
    {"luggage", QT_TRANSLATE_NOOP("Labels", "Luggage")},
    {"warmth_rest", QT_TRANSLATE_NOOP("Labels", "Warmth and rest")},
    {"jobs", QT_TRANSLATE_NOOP("Labels", "Job information")},
    {"other", QT_TRANSLATE_NOOP("Labels", "Other")},
};

const Entry kNeeds[] = {
    {"wage_arrears", QT_TRANSLATE_NOOP("Labels", "Unpaid wages")},
    {"jobs", QT_TRANSLATE_NOOP("Labels", "Jobs")},
    {"certificates", QT_TRANSLATE_NOOP("Labels", "Certificates")},
    {"children", QT_TRANSLATE_NOOP("Labels", "Children")},
    {"health", QT_TRANSLATE_NOOP("Labels", "Health")},
    {"housing", QT_TRANSLATE_NOOP("Labels", "Housing")},
    {"legal", QT_TRANSLATE_NOOP("Labels", "Legal aid")},
    {"business", QT_TRANSLATE_NOOP("Labels", "Starting a business")},
    {"other", QT_TRANSLATE_NOOP("Labels", "Other")},
};

const Entry kKinds[] = {
    {"home", QT_TRANSLATE_NOOP("Labels", "Home visit")},
    {"worksite", QT_TRANSLATE_NOOP("Labels", "At work")},
    {"phone", QT_TRANSLATE_NOOP("Labels", "By phone")},
    {"group", QT_TRANSLATE_NOOP("Labels", "Group meeting")},
};

const Entry kStatuses[] = {
    {"open", QT_TRANSLATE_NOOP("Labels", "Open")},
    {"in_progress", QT_TRANSLATE_NOOP("Labels", "In progress")},
    {"resolved", QT_TRANSLATE_NOOP("Labels", "Resolved")},
    {"closed", QT_TRANSLATE_NOOP("Labels", "Closed")},
};

const Entry kMigrant[] = {
    {"away", QT_TRANSLATE_NOOP("Labels", "Working away")},
    {"returned", QT_TRANSLATE_NOOP("Labels", "Returned")},
    {"local", QT_TRANSLATE_NOOP("Labels", "Works locally")},
};

const Entry kCertificates[] = {
    {"id_card", QT_TRANSLATE_NOOP("Labels", "ID card")},
    {"social_security", QT_TRANSLATE_NOOP("Labels", "Social security card")},
    {"residence_permit", QT_TRANSLATE_NOOP("Labels", "Residence permit")},
    {"household_register", QT_TRANSLATE_NOOP("Labels", "Household register")},
    {"driving_licence", QT_TRANSLATE_NOOP("Labels", "Driving licence")},
    {"other", QT_TRANSLATE_NOOP("Labels", "Other certificate")},
};

const Entry kOutcomes[] = {
    {"done", QT_TRANSLATE_NOOP("Labels", "Done")},
    {"accepted", QT_TRANSLATE_NOOP("Labels", "Accepted, in progress")},
    {"referred", QT_TRANSLATE_NOOP("Labels", "Referred on")},
    {"not_possible", QT_TRANSLATE_NOOP("Labels", "Could not be done")},
};

// Fields of a person or household, as a conflict names them.
const Entry kFields[] = {
    {"name", QT_TRANSLATE_NOOP("Labels", "Name")},
    {"gender", QT_TRANSLATE_NOOP("Labels", "Gender")},
    {"birth_date", QT_TRANSLATE_NOOP("Labels", "Date of birth")},
    {"id_number", QT_TRANSLATE_NOOP("Labels", "ID number")},
    {"phone", QT_TRANSLATE_NOOP("Labels", "Phone")},
    {"area_code", QT_TRANSLATE_NOOP("Labels", "Village")},
    {"household_id", QT_TRANSLATE_NOOP("Labels", "Household")},
    {"relation", QT_TRANSLATE_NOOP("Labels", "Relation to the head")},
    {"status", QT_TRANSLATE_NOOP("Labels", "Working status")},
    {"work_province", QT_TRANSLATE_NOOP("Labels", "Works in (province)")},
    {"work_city", QT_TRANSLATE_NOOP("Labels", "Works in (city)")},
    {"employer", QT_TRANSLATE_NOOP("Labels", "Employer")},
    {"occupation", QT_TRANSLATE_NOOP("Labels", "Occupation")},
    {"party_member", QT_TRANSLATE_NOOP("Labels", "Party member")},
    {"station_id", QT_TRANSLATE_NOOP("Labels", "Branch station")},
    {"wishes", QT_TRANSLATE_NOOP("Labels", "Wishes")},
    {"address", QT_TRANSLATE_NOOP("Labels", "Address")},
    {"hardship", QT_TRANSLATE_NOOP("Labels", "Hardship")},
};

} // namespace

QString fieldLabel(const QString &key) { return lookup(kFields, key); }
QString serviceCategoryLabel(const QString &key) { return lookup(kServices, key); }
QString needCategoryLabel(const QString &key) { return lookup(kNeeds, key); }
QString visitKindLabel(const QString &key) { return lookup(kKinds, key); }
QString followUpStatusLabel(const QString &key) { return lookup(kStatuses, key); }
QString migrantStatusLabel(const QString &key) { return lookup(kMigrant, key); }
QString certificateKindLabel(const QString &key) { return lookup(kCertificates, key); }
QString certificateOutcomeLabel(const QString &key) { return lookup(kOutcomes, key); }

QString locationReasonLabel(const QString &code, bool english)
{
    const location::Location l{std::nullopt, code};
    return english ? l.reasonEnglish() : l.reasonChinese();
}

QVariantMap visitLine(const domain::Visit &v, bool english)
{
    QStringList needs;
    for (const auto &n : v.needs)
        needs << needCategoryLabel(n.category);
    const QDateTime at = QDateTime::fromMSecsSinceEpoch(v.visitedAt, Qt::OffsetFromUTC, v.utcOffsetMin * 60);
    return {
        {u"id"_qs, v.id},
        {u"date"_qs, QLocale().toString(at, QLocale::ShortFormat)},
        {u"kind"_qs, visitKindLabel(v.kind)},
        {u"visitors"_qs, v.visitors.join(u"、"_qs)},
        {u"needs"_qs, needs.join(u"、"_qs)},
        {u"cash"_qs, v.cashFen > 0 ? domain::formatYuan(v.cashFen) : QString()},
        {u"photos"_qs, int(v.photos.size())},
        {u"thumbs"_qs, [&v] {
             QStringList out;
             for (const auto &p : v.photos)
                 out << p.thumbHash;
             return out;
         }()},
        {u"photoHashes"_qs, [&v] {
             QStringList out;
             for (const auto &p : v.photos)
                 out << p.hash;
             return out;
         }()},
        {u"notes"_qs, v.notes},
        {u"reviewDecision"_qs, v.review ? v.review->decision : QString()},
        {u"reviewText"_qs, !v.review ? QString()
                           : v.review->decision == u"returned"
                               ? QCoreApplication::translate("Labels", "Returned by %1: %2").arg(v.review->reviewer, v.review->comment)
                               : QCoreApplication::translate("Labels", "Approved by %1").arg(v.review->reviewer)
                                     + (v.review->comment.isEmpty() ? QString() : u": "_qs + v.review->comment)},
        {u"located"_qs, v.location.fix.has_value()},
        {u"location"_qs, v.location.fix ? QCoreApplication::translate("Labels", "Located within %1 m")
                                              .arg(qRound(v.location.fix->accuracyM))
                                        : locationReasonLabel(v.location.reasonCode, english)},
    };
}

QVariantList labelled(const QStringList &keys, QString (*label)(const QString &))
{
    QVariantList out;
    for (const QString &k : keys)
        out.append(QVariantMap{{u"key"_qs, k}, {u"label"_qs, label(k)}});
    return out;
}

} // namespace hearth::app
