// SPDX-License-Identifier: GPL-3.0-or-later
#include "recordcheck.h"

#include <QDate>
#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QLocale>

#include <cmath>

namespace hearth::model {
namespace {

using domain::Problem;

constexpr int kListItemLength = 100;

std::optional<FieldProblem> problem(const Field &f, Problem p) { return FieldProblem{QLatin1String(f.key), p}; }

bool isControl(QChar c, bool multiline)
{
    if (multiline && (c == u'\n' || c == u'\t' || c == u'\r'))
        return false;
    return c.category() == QChar::Other_Control;
}

std::optional<Problem> checkText(const QString &s, int maxLength, bool multiline)
{
    if (s.size() > maxLength)
        return Problem::TooLong;
    for (QChar c : s)
        if (isControl(c, multiline))
            return Problem::ControlCharacter;
    return std::nullopt;
}

bool isIdText(const QString &s)
{
    if (s.isEmpty() || s.size() > 64)
        return false;
    for (QChar c : s)
        if (!(c.isDigit() && c.unicode() < 128) && !(c >= u'a' && c <= u'z') && !(c >= u'A' && c <= u'Z') && c != u'-'
            && c != u'_')
            return false;
    return true;
}

bool isAreaCode(const QString &s)
{
    static constexpr int kLengths[] = {2, 4, 6, 9, 12};
    if (std::find(std::begin(kLengths), std::end(kLengths), s.size()) == std::end(kLengths))
        return false;
    return std::all_of(s.begin(), s.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
}

// An integral JSON number, or nothing.
std::optional<qint64> integerOf(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    constexpr qint64 kSentinel = std::numeric_limits<qint64>::min();
    const qint64 n = v.toInteger(kSentinel);
    if (n == kSentinel)
        return std::nullopt;
    return n;
}

// The keys of a list of fields, looked up once per list (pushes check every entry).
const QSet<QString> &keysOf(std::span<const Field> fields)
{
    static thread_local QHash<const Field *, QSet<QString>> cache;
    auto it = cache.find(fields.data());
    if (it == cache.end()) {
        QSet<QString> keys;
        for (const Field &f : fields)
            keys.insert(QLatin1String(f.key));
        it = cache.insert(fields.data(), keys);
    }
    return *it;
}

std::optional<FieldProblem> checkObject(std::span<const Field> fields, const QJsonObject &o)
{
    const QSet<QString> &known = keysOf(fields);
    for (auto it = o.begin(); it != o.end(); ++it)
        if (!known.contains(it.key()))
            return FieldProblem{it.key().left(40), Problem::UnknownField};
    for (const Field &f : fields) {
        const QJsonValue v = o.value(QLatin1String(f.key));
        if (isEmptyValue(f, v)) {
            if (f.required)
                return problem(f, Problem::Required);
            if (!v.isUndefined() && !v.isNull())
                if (auto p = checkValue(f, v)) // the empty value must still have the right type
                    return p;
            continue;
        }
        if (auto p = checkValue(f, v))
            return p;
    }
    return std::nullopt;
}

// A list: an array of at most maxLength items, each as `checkItem` says.
template <typename CheckItem>
std::optional<FieldProblem> checkList(const Field &f, const QJsonValue &v, CheckItem checkItem)
{
    if (!v.isArray())
        return problem(f, Problem::WrongType);
    const QJsonArray a = v.toArray();
    if (a.size() > f.maxLength)
        return problem(f, Problem::TooLong);
    for (const QJsonValue &item : a)
        if (auto p = checkItem(item))
            return p;
    return std::nullopt;
}

QString join(const QStringList &parts, char16_t separator) { return parts.join(QChar(separator)); }

} // namespace

bool isEmptyValue(const Field &f, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Undefined:
    case QJsonValue::Null: return true;
    case QJsonValue::String: return v.toString().isEmpty() || (f.type == Type::Bool && v.toString() == u"0");
    case QJsonValue::Bool: return !v.toBool();
    case QJsonValue::Array: return v.toArray().isEmpty();
    case QJsonValue::Object: return v.toObject().isEmpty();
    case QJsonValue::Double: return f.negativeIsNull && v.toDouble() < 0;
    }
    return false;
}

std::optional<FieldProblem> checkValue(const Field &f, const QJsonValue &v)
{
    switch (f.type) {
    case Type::Text: {
        if (!v.isString())
            return problem(f, Problem::WrongType);
        const QString s = v.toString();
        if (auto p = checkText(s, f.maxLength, f.check == Check::Multiline))
            return problem(f, *p);
        if (s.isEmpty())
            return std::nullopt;
        if (!f.choices.empty() && std::none_of(f.choices.begin(), f.choices.end(),
                                               [&](const char *c) { return s == QLatin1String(c); }))
            return problem(f, Problem::BadChoice);
        if (f.check == Check::IdNumber) {
            if (auto p = domain::checkIdNumber(s))
                return problem(f, *p);
            if (s != domain::normalizedIdNumber(s))
                return problem(f, Problem::IdCharacters);
        }
        if (f.check == Check::Phone) {
            if (auto p = domain::checkPhone(s))
                return problem(f, *p);
            if (s != domain::normalizedPhone(s))
                return problem(f, Problem::PhoneFormat);
        }
        return std::nullopt;
    }
    case Type::Id:
        if (!v.isString())
            return problem(f, Problem::WrongType);
        return v.toString().isEmpty() || isIdText(v.toString()) ? std::nullopt : problem(f, Problem::UnknownRecord);
    case Type::AreaCode:
        if (!v.isString())
            return problem(f, Problem::WrongType);
        return v.toString().isEmpty() || isAreaCode(v.toString()) ? std::nullopt : problem(f, Problem::UnknownArea);
    case Type::Date: {
        if (!v.isString())
            return problem(f, Problem::WrongType);
        const QString s = v.toString();
        return s.isEmpty() || (s.size() == 10 && QDate::fromString(s, Qt::ISODate).isValid())
            ? std::nullopt
            : problem(f, Problem::BadDate);
    }
    case Type::Integer: {
        const auto n = integerOf(v);
        if (!n)
            return problem(f, Problem::WrongType);
        return *n < f.min || *n > f.max ? problem(f, Problem::BadNumber) : std::nullopt;
    }
    case Type::Real: {
        if (!v.isDouble())
            return problem(f, Problem::WrongType);
        const double d = v.toDouble();
        return !std::isfinite(d) || d < double(f.min) || d > double(f.max) ? problem(f, Problem::BadNumber)
                                                                           : std::nullopt;
    }
    case Type::Bool: return v.isBool() ? std::nullopt : problem(f, Problem::WrongType);
    case Type::TextList: {
        QSet<QString> seen; // a set (a person's tags) holds each item once, as a device's table does
        return checkList(f, v, [&f, &seen](const QJsonValue &item) -> std::optional<FieldProblem> {
            if (!item.isString() || item.toString().isEmpty())
                return problem(f, Problem::WrongType);
            if (auto p = checkText(item.toString(), kListItemLength, false))
                return problem(f, *p);
            if (f.unordered && seen.contains(item.toString()))
                return problem(f, Problem::BadChoice);
            if (!f.choices.empty() && std::none_of(f.choices.begin(), f.choices.end(), [&item](const char *c) {
                    return item.toString() == QLatin1String(c);
                }))
                return problem(f, Problem::BadChoice);
            seen.insert(item.toString());
            return std::nullopt;
        });
    }
    case Type::Object:
        if (!v.isObject())
            return problem(f, Problem::WrongType);
        if (auto p = checkObject(f.items, v.toObject()))
            return FieldProblem{QLatin1String(f.key), p->problem};
        return std::nullopt;
    case Type::ObjectList:
        return checkList(f, v, [&f](const QJsonValue &item) -> std::optional<FieldProblem> {
            if (!item.isObject())
                return problem(f, Problem::WrongType);
            if (auto p = checkObject(f.items, item.toObject()))
                return FieldProblem{QLatin1String(f.key), p->problem};
            return std::nullopt;
        });
    }
    return problem(f, Problem::WrongType);
}

std::optional<FieldProblem> checkRecord(const Kind &kind, const QJsonObject &body)
{
    if (auto p = checkObject(kind.fields, body))
        return p;
    // What the device's CHECK constraints say across fields (core/storage/schema.cpp).
    const QString name = QLatin1String(kind.name);
    if (name == u"visit") {
        if (body.value(u"person_id").toString().isEmpty() && body.value(u"household_id").toString().isEmpty())
            return FieldProblem{u"person_id"_qs, Problem::Required};
        const QJsonObject l = body.value(u"location").toObject();
        const bool fix = l.value(u"status").toString() == u"fix";
        const bool coordinates = l.value(u"latitude").isDouble() && l.value(u"longitude").isDouble()
            && l.value(u"accuracy_m").isDouble();
        if (fix != coordinates || (!fix && l.value(u"reason").toString().isEmpty()))
            return FieldProblem{u"location"_qs, Problem::Required};
        // A fix has no reason; "no fix" has nothing but its reason (what a device can hold).
        for (auto it = l.begin(); it != l.end(); ++it) {
            const bool reason = it.key() == u"reason", status = it.key() == u"status";
            const model::Field *part = field(kind, u"location");
            const auto item = std::find_if(part->items.begin(), part->items.end(),
                                           [&](const Field &f) { return it.key() == QLatin1String(f.key); });
            if (status || item == part->items.end() || isEmptyValue(*item, *it))
                continue;
            if (fix == reason)
                return FieldProblem{u"location"_qs, Problem::BadChoice};
        }
    }
    if (name == u"campaign" && body.value(u"starts_on").toString() > body.value(u"ends_on").toString())
        return FieldProblem{u"ends_on"_qs, Problem::BadDate};
    if (name == u"followup" && body.value(u"person_id").toString().isEmpty()
        && body.value(u"station_id").toString().isEmpty())
        return FieldProblem{u"person_id"_qs, Problem::Required};
    return std::nullopt;
}

std::optional<FieldProblem> checkUpdate(const Kind &kind, const QJsonObject &update)
{
    for (auto it = update.begin(); it != update.end(); ++it)
        if (it.key() != u"fields" && it.key() != u"tags")
            return FieldProblem{it.key().left(40), Problem::UnknownField};
    const QJsonObject fields = update.value(u"fields").toObject();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const Field *f = field(kind, it.key());
        if (!f || f->storage == Storage::Custom || QLatin1String(f->key) == QLatin1String(kCreatedAt))
            return FieldProblem{it.key().left(40), Problem::UnknownField};
        const QJsonObject change = it->toObject();
        if (!change.value(u"old").isString() || !change.value(u"new").isString())
            return FieldProblem{it.key(), Problem::WrongType};
        const QJsonValue wanted = typedValue(*f, change.value(u"new").toString());
        if (isEmptyValue(*f, wanted)) {
            if (f->required)
                return FieldProblem{it.key(), Problem::Required};
        } else if (auto p = checkValue(*f, wanted)) {
            return p;
        }
    }
    if (update.contains(u"tags")) {
        const Field *tags = field(kind, u"tags");
        if (!tags)
            return FieldProblem{u"tags"_qs, Problem::UnknownField};
        const QJsonObject change = update.value(u"tags").toObject();
        for (auto it = change.begin(); it != change.end(); ++it) {
            if (it.key() != u"add" && it.key() != u"remove")
                return FieldProblem{u"tags"_qs, Problem::UnknownField};
            if (auto p = checkValue(*tags, *it))
                return p;
        }
    }
    return std::nullopt;
}

QList<Reference> referencesOf(const Kind &kind, const QJsonObject &body)
{
    QList<Reference> out;
    for (const Field &f : kind.fields)
        if (f.references && !body.value(QLatin1String(f.key)).toString().isEmpty())
            out.append({&f, QLatin1String(f.references), body.value(QLatin1String(f.key)).toString()});
    return out;
}

QString canonicalValue(const Field &f, const QJsonValue &v)
{
    // 0 and absent are one: a device column that is NOT NULL DEFAULT 0 reads back 0.
    if (isEmptyValue(f, v) || (f.type == Type::Integer && v.isDouble() && v.toInteger() == 0))
        return {};
    switch (f.type) {
    case Type::Integer: return QString::number(v.isString() ? v.toString().toLongLong() : v.toInteger());
    case Type::Real: return QString::number(v.toDouble(), 'g', QLocale::FloatingPointShortest);
    case Type::Bool: return u"1"_qs; // not empty: true, "1" or "true"
    case Type::TextList: {
        QStringList items = v.toVariant().toStringList();
        if (f.unordered)
            items.sort();
        return join(items, 0x1e);
    }
    case Type::Object: {
        QStringList parts;
        for (const Field &item : f.items)
            parts << canonicalValue(item, v.toObject().value(QLatin1String(item.key)));
        return join(parts, 0x1d);
    }
    case Type::ObjectList: {
        QStringList objects;
        for (const QJsonValue &o : v.toArray()) {
            QStringList parts;
            for (const Field &item : f.items)
                parts << canonicalValue(item, o.toObject().value(QLatin1String(item.key)));
            objects << join(parts, 0x1d);
        }
        return join(objects, 0x1e);
    }
    default: return v.isString() ? v.toString() : v.toVariant().toString();
    }
}

QString canonicalRecord(const Kind &kind, const QString &id, const QJsonObject &body, bool voided)
{
    QStringList parts{id};
    for (const Field &f : kind.fields)
        if (QLatin1String(f.key) != QLatin1String(kCreatedAt))
            parts << canonicalValue(f, body.value(QLatin1String(f.key)));
    parts << (voided ? u"voided"_qs : QString());
    return join(parts, 0x1f);
}

QJsonValue typedValue(const Field &f, const QString &text)
{
    if (text.isEmpty())
        return QJsonValue();
    switch (f.type) {
    case Type::Bool: return text == u"1" || text == u"true";
    case Type::Integer: {
        bool ok = false;
        const qint64 n = text.toLongLong(&ok);
        return ok ? QJsonValue(n) : QJsonValue(text);
    }
    default: return text;
    }
}

} // namespace hearth::model
