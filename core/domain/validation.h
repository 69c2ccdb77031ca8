// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/error.h"

#include <QDate>
#include <QString>

#include <optional>

namespace hearth::domain {

// Why a field was refused. Each has one Chinese and one English text (validation.cpp).
enum class Problem {
    Required,
    TooLong,
    IdLength,
    IdCharacters,
    IdCheckDigit,
    IdBirthDate,
    IdGenderMismatch,
    IdBirthDateMismatch,
    PhoneFormat,
    UnknownArea,
    NotAVillage,
    BadChoice,
    BadDate,
    BadNumber,
    DuplicateIdNumber,
    UnknownRecord,
    ControlCharacter, // text holding U+0000 or another control character
    WrongType,        // a protocol value of the wrong JSON type
    UnknownField,     // a key the record model does not know
    OutOfScope,       // a reference to a record the user may not see
    Deleted,          // a reference to a deleted record
};

// One refused field: "身份证号：校验位不对 / ID number: wrong check digit".
struct FieldProblem
{
    QString field; // the stable key, e.g. "id_number"
    Problem problem;

    QString chinese() const;
    QString english() const;
    Error toError() const; // ErrorCode::InvalidRecord (or Duplicate) with this reason
};

// The label a field has in the interface and in import reports.
QString fieldLabelChinese(const QString &field);
QString fieldLabelEnglish(const QString &field);

QDate latestDateOnEarth();

// What a valid resident ID number (GB 11643-1999) says about its holder.
struct IdNumberFacts
{
    QDate birthDate;
    QChar gender; // 'M' or 'F'
};

// Checks length, characters, the ISO 7064 MOD 11-2 check digit (X = 10) and the birth date.
// Accepts a lower-case x and surrounding spaces; normalizedIdNumber() gives the stored form.
// `today` defaults to the latest calendar date anywhere on Earth (UTC+14), so a birth date is
// "in the future" only when it is so everywhere; this also avoids a time-zone lookup per call.
std::optional<Problem> checkIdNumber(const QString &idNumber, const QDate &today = latestDateOnEarth());
QString normalizedIdNumber(const QString &idNumber);
IdNumberFacts idNumberFacts(const QString &validIdNumber);
QChar idCheckCharacter(QStringView first17Digits);

// Mainland mobile numbers: 11 digits starting 13-19. "+86", "86", spaces and dashes are accepted
// on input and dropped; normalizedPhone() returns the 11 digits or an empty string.
QString normalizedPhone(const QString &phone);
std::optional<Problem> checkPhone(const QString &phone);

// Masked forms shown by default: 510321********1234 and 138****5678.
QString maskIdNumber(const QString &idNumber);
QString maskPhone(const QString &phone);

} // namespace hearth::domain
