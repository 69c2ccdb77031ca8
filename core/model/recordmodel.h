// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The record model (DESIGN.md §10): every kind of record described once. Its fields with their
// types, allowed values and limits, which are required, which name other records (and whether
// those must exist), where the record's scope comes from, how it changes over time (merged per
// field, append-only, replaced whole), and its JSON form in the sync protocol (the field keys
// are the JSON keys; `column` names the device's column where it differs).
//
// Device and server both read this: the device's remote apply, checksum and purge, the
// server's push validation and scope rules. A kind is added here plus its migrations.

#include <QAnyStringView>
#include <QString>

#include <limits>
#include <span>

namespace hearth::model {

enum class Type {
    Text,       // a string of at most maxLength characters, no control characters
    Id,         // a record id: 1-64 characters of [0-9A-Za-z_-]
    AreaCode,   // a GB/T 2260 area code: 2, 4, 6, 9 or 12 digits
    Date,       // yyyy-MM-dd
    Integer,    // 64-bit, within [min, max]
    Real,       // a finite number within [min, max]
    Bool,
    TextList,   // an array of at most maxLength strings
    Object,     // an object with the fields `items`
    ObjectList, // an array of at most maxLength objects with the fields `items`
};

// Rules beyond the type.
enum class Check {
    None,
    IdNumber, // GB 11643: 18 characters, the MOD 11-2 check digit, a real birth date; upper-case X
    Phone,    // a mainland mobile, 11 digits
    Multiline // text that may hold line breaks and tabs (notes)
};

// How the device keeps a field.
enum class Storage {
    Column,     // a column of the kind's table (named `column`, or the key)
    JsonColumn, // a list kept as JSON text in one column
    Custom,     // kept by the kind's own code (a visit's needs, a person's tags)
};

struct Field
{
    const char *key;
    Type type = Type::Text;
    bool required = false;
    int maxLength = 200; // Text: characters; lists: items
    qint64 min = std::numeric_limits<qint64>::min();
    qint64 max = std::numeric_limits<qint64>::max();
    std::span<const char *const> choices = {}; // allowed values of a Text field (empty: any)
    const char *references = nullptr;          // the kind whose id this Id field holds
    bool mustExist = true;                     // a reference must name a record the pusher may see
    bool scopeParent = false;                  // the record lives where the referenced record lives
    std::span<const Field> items = {};         // the fields of an Object or of each list item
    Check check = Check::None;
    Storage storage = Storage::Column;
    const char *column = nullptr;
    bool negativeIsNull = false; // an Integer whose -1 means "none" (NULL in the device's table)
    bool unordered = false;      // a TextList that is a set (a person's tags): order means nothing
};

// How a record changes once it exists.
enum class Life {
    MergedPerField, // person, household: updates name fields with their base; merged by clock;
                    // a delete is a tombstone (devices remove the row)
    AppendOnly,     // visit, service, follow-up note: never changes; a delete only voids it
    Replaced,       // station, campaign, follow-up: created once, later states replace it whole
};

// Where a record's scope comes from.
enum class ScopeRule {
    AreaField,    // the area code in `scopeField` (for a list, its first element)
    Self,         // the record's own id (stations: devices of the station hold it)
    ParentFields, // the scope of the first non-empty reference marked scopeParent
};

struct Kind
{
    const char *name;  // the protocol's entity name
    const char *table; // the device's table
    Life life;
    ScopeRule scope;
    const char *scopeField; // AreaField only
    std::span<const Field> fields;
    bool deletable = false; // MergedPerField kinds: a tombstone may replace the record
    // A second scope the record is in: the station named here (a person a branch station
    // follows is in the station's scope as well as their village's). Records that live under
    // this one (ParentFields) are in it too.
    const char *alsoScopeField = nullptr;
    // A record its pusher holds only through that station counts in the station's home county:
    // its area must lie inside it (a station cannot add to another county's report).
    bool areaOfStation = false;
};

std::span<const Kind> kinds();
const Kind *kind(QAnyStringView name);
const Field *field(const Kind &kind, QAnyStringView key);

// The common field every kind carries: when the record was made, on the device that made it
// (UTC milliseconds). Kept on every device and on the server as it came.
inline constexpr const char *kCreatedAt = "created_at";
// Append-only kinds: set when the record was voided (a delete never changes the content).
inline constexpr const char *kVoidedAt = "voided_at";

inline const char *columnOf(const Field &f) { return f.column ? f.column : f.key; }

} // namespace hearth::model
