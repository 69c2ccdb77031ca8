// SPDX-License-Identifier: GPL-3.0-or-later
// Every kind of record, described once. The device's CHECK constraints (core/storage/schema.cpp)
// allow exactly what these allow; tst_recordmodel proves it by applying every allowed value.
#include "recordmodel.h"

#include <array>

namespace hearth::model {
namespace {

constexpr qint64 kMaxFen = 100'000'000'000; // 1 billion yuan: beyond any wage claim, a typo
constexpr qint64 kMaxVisitCashFen = 100'000'000;
constexpr int kLongText = 2000;

constexpr const char *kGenders[] = {"M", "F"};
constexpr const char *kMigrantStatus[] = {"away", "returned", "local"};
constexpr const char *kStationKinds[] = {"branch", "travel_point"};
constexpr const char *kVisitKinds[] = {"home", "worksite", "phone", "group"};
constexpr const char *kFollowUpStatus[] = {"open", "in_progress", "resolved", "closed"};
constexpr const char *kLocationStatus[] = {"fix", "none"};
constexpr const char *kReviewDecisions[] = {"approved", "returned"};
constexpr const char *kReviewFlags[] = {"no_location", "mock_location", "no_photo", "cash"};
constexpr const char *kCertificateKinds[] = {"id_card",   "social_security", "residence_permit", "household_register",
                                             "driving_licence", "other"};
constexpr const char *kCertificatePlaces[] = {"station", "township", "travel_point"};
constexpr const char *kCertificateOutcomes[] = {"done", "accepted", "referred", "not_possible"};
constexpr qint64 kMaxHeadcount = 10'000'000;

constexpr Field kCreated{.key = kCreatedAt, .type = Type::Integer, .min = 0};
// Required: the device keeps it in a NOT NULL column, so an absent one could not come back alike.
constexpr Field kOffset{.key = "utc_offset_min", .type = Type::Integer, .required = true, .min = -14 * 60, .max = 14 * 60};

constexpr Field kPerson[] = {
    {.key = "name", .required = true},
    {.key = "gender", .choices = kGenders},
    {.key = "birth_date", .type = Type::Date},
    {.key = "id_number", .maxLength = 18, .check = Check::IdNumber},
    {.key = "phone", .maxLength = 11, .check = Check::Phone},
    {.key = "area_code", .type = Type::AreaCode, .required = true},
    {.key = "household_id", .type = Type::Id, .references = "household"},
    {.key = "relation"},
    {.key = "status", .choices = kMigrantStatus},
    {.key = "work_province"},
    {.key = "work_city"},
    {.key = "employer"},
    {.key = "occupation"},
    {.key = "party_member", .type = Type::Bool},
    {.key = "station_id", .type = Type::Id, .references = "station"},
    {.key = "wishes"},
    {.key = "tags", .type = Type::TextList, .maxLength = 50, .storage = Storage::Custom, .unordered = true},
    kCreated,
};

constexpr Field kHousehold[] = {
    {.key = "area_code", .type = Type::AreaCode, .required = true},
    {.key = "address"},
    {.key = "head_name"},
    {.key = "registered_area"},
    {.key = "hardship", .type = Type::TextList, .maxLength = 20, .storage = Storage::JsonColumn},
    kCreated,
};

constexpr Field kStation[] = {
    {.key = "kind", .required = true, .choices = kStationKinds},
    {.key = "name", .required = true},
    {.key = "home_county", .type = Type::AreaCode},
    {.key = "city"},
    {.key = "address"},
    kCreated,
};

constexpr Field kCampaign[] = {
    {.key = "name", .required = true},
    {.key = "starts_on", .type = Type::Date, .required = true},
    {.key = "ends_on", .type = Type::Date, .required = true},
    {.key = "target_tags", .type = Type::TextList, .maxLength = 20, .storage = Storage::JsonColumn},
    {.key = "target_status", .choices = kMigrantStatus},
    {.key = "target_areas", .type = Type::TextList, .required = true, .maxLength = 50, .storage = Storage::JsonColumn},
    kCreated,
};

constexpr Field kNeed[] = {
    {.key = "category", .required = true, .maxLength = 50},
    {.key = "text", .maxLength = kLongText, .check = Check::Multiline},
};
constexpr Field kGoods[] = {
    {.key = "item", .required = true},
    {.key = "quantity", .type = Type::Integer, .required = true, .min = 1, .max = 1'000'000},
};
constexpr Field kPhoto[] = {
    {.key = "hash", .required = true, .maxLength = 64},
    {.key = "thumb_hash", .maxLength = 64},
    {.key = "width", .type = Type::Integer, .min = 0, .max = 100'000},
    {.key = "height", .type = Type::Integer, .min = 0, .max = 100'000},
    {.key = "bytes", .type = Type::Integer, .min = 0, .max = 1LL << 32},
    {.key = "thumb_bytes", .type = Type::Integer, .min = 0, .max = 1LL << 32},
};
constexpr Field kLocation[] = {
    {.key = "status", .required = true, .choices = kLocationStatus},
    {.key = "reason", .maxLength = 50},
    {.key = "latitude", .type = Type::Real, .min = -90, .max = 90},
    {.key = "longitude", .type = Type::Real, .min = -180, .max = 180},
    {.key = "accuracy_m", .type = Type::Real, .min = 0, .max = 1'000'000},
    {.key = "fix_at", .type = Type::Integer, .min = 0},
    {.key = "source", .maxLength = 50},
    {.key = "mock", .type = Type::Bool},
};

constexpr Field kVisit[] = {
    {.key = "person_id", .type = Type::Id, .references = "person", .scopeParent = true},
    {.key = "household_id", .type = Type::Id, .references = "household", .scopeParent = true},
    {.key = "campaign_id", .type = Type::Id, .references = "campaign"},
    {.key = "visited_at", .type = Type::Integer, .required = true, .min = 0},
    kOffset,
    {.key = "kind", .required = true, .choices = kVisitKinds},
    {.key = "visitors", .type = Type::TextList, .maxLength = 20, .storage = Storage::JsonColumn},
    {.key = "letter_delivered", .type = Type::Bool},
    {.key = "cash_fen", .type = Type::Integer, .min = 0, .max = kMaxVisitCashFen},
    {.key = "notes", .maxLength = kLongText, .check = Check::Multiline},
    {.key = "needs", .type = Type::ObjectList, .maxLength = 20, .items = kNeed, .storage = Storage::Custom},
    {.key = "goods", .type = Type::ObjectList, .maxLength = 50, .items = kGoods, .storage = Storage::Custom},
    {.key = "photos", .type = Type::ObjectList, .maxLength = 50, .items = kPhoto, .storage = Storage::Custom},
    {.key = "location", .type = Type::Object, .required = true, .items = kLocation, .storage = Storage::Custom},
    {.key = "supersedes", .type = Type::Id, .references = "visit"},
    kCreated,
};

constexpr Field kFollowUp[] = {
    {.key = "person_id", .type = Type::Id, .references = "person", .scopeParent = true},
    {.key = "visit_id", .type = Type::Id, .references = "visit"},
    {.key = "station_id", .type = Type::Id, .references = "station", .scopeParent = true},
    {.key = "category", .required = true, .maxLength = 50},
    {.key = "status", .required = true, .choices = kFollowUpStatus},
    {.key = "assignee"},
    {.key = "due_on", .type = Type::Date},
    {.key = "claimed_fen", .type = Type::Integer, .min = -1, .max = kMaxFen, .negativeIsNull = true},
    {.key = "recovered_fen", .type = Type::Integer, .min = -1, .max = kMaxFen, .negativeIsNull = true},
    kCreated,
};

constexpr Field kFollowUpNote[] = {
    {.key = "followup_id", .type = Type::Id, .required = true, .references = "followup", .scopeParent = true},
    {.key = "at", .type = Type::Integer, .required = true, .min = 0},
    {.key = "author"},
    {.key = "text", .required = true, .maxLength = kLongText, .check = Check::Multiline},
    {.key = "status", .choices = kFollowUpStatus},
    {.key = "recovered_fen", .type = Type::Integer, .min = -1, .max = kMaxFen, .negativeIsNull = true},
};

constexpr Field kService[] = {
    {.key = "station_id", .type = Type::Id, .required = true, .references = "station", .scopeParent = true},
    {.key = "at", .type = Type::Integer, .required = true, .min = 0},
    kOffset,
    {.key = "category", .required = true, .maxLength = 50},
    {.key = "count", .type = Type::Integer, .required = true, .min = 1, .max = 10'000, .column = "people_count"},
    // A travel point may help someone whose village it does not hold: named, not required to exist.
    {.key = "person_id", .type = Type::Id, .references = "person", .mustExist = false},
    {.key = "volunteer"},
    {.key = "notes", .maxLength = kLongText, .check = Check::Multiline},
};

// A job fair, logged once it is over (its figures are what the monthly report counts). It
// counts in the county or township that held it, or in the home county of the station that did.
constexpr Field kJobFair[] = {
    {.key = "area_code", .type = Type::AreaCode, .required = true},
    {.key = "station_id", .type = Type::Id, .references = "station"},
    {.key = "organiser", .required = true},
    {.key = "place", .required = true},
    {.key = "held_on", .type = Type::Date, .required = true},
    {.key = "employers", .type = Type::Integer, .min = 0, .max = 100'000},
    {.key = "positions", .type = Type::Integer, .min = 0, .max = kMaxHeadcount},
    {.key = "attendees", .type = Type::Integer, .min = 0, .max = kMaxHeadcount},
    {.key = "contracts", .type = Type::Integer, .min = 0, .max = kMaxHeadcount},
    {.key = "placed", .type = Type::Integer, .min = 0, .max = kMaxHeadcount},
    {.key = "people", .type = Type::TextList, .maxLength = 500, .storage = Storage::JsonColumn},
    {.key = "notes", .maxLength = kLongText, .check = Check::Multiline},
    kCreated,
};

// One certificate handled for one person (人次), where it was handled.
constexpr Field kCertificate[] = {
    {.key = "area_code", .type = Type::AreaCode, .required = true},
    {.key = "station_id", .type = Type::Id, .references = "station"},
    {.key = "place", .required = true, .choices = kCertificatePlaces},
    {.key = "kind", .required = true, .choices = kCertificateKinds},
    {.key = "outcome", .required = true, .choices = kCertificateOutcomes},
    // Optional, and like a travel point's visitor not required to be held here.
    {.key = "person_id", .type = Type::Id, .references = "person", .mustExist = false},
    {.key = "at", .type = Type::Integer, .required = true, .min = 0},
    kOffset,
    {.key = "handler"},
    {.key = "notes", .maxLength = kLongText, .check = Check::Multiline},
    kCreated,
};

// A supervisor's word on a visit (DESIGN.md §12, the review queue): approved, or returned to the
// field with a comment. Written by the server for the console, never pushed by a device; it lives
// where its visit lives, so the devices that hold the visit (the one that recorded it among them)
// receive it and show it on the visit. Append-only: a later review is a new record.
constexpr Field kReview[] = {
    {.key = "visit_id", .type = Type::Id, .required = true, .references = "visit", .scopeParent = true},
    {.key = "decision", .required = true, .choices = kReviewDecisions},
    {.key = "comment", .maxLength = kLongText, .check = Check::Multiline},
    {.key = "reviewer", .required = true},
    {.key = "flags", .type = Type::TextList, .maxLength = 10, .choices = kReviewFlags, .storage = Storage::JsonColumn},
    {.key = "at", .type = Type::Integer, .required = true, .min = 0},
    kCreated,
};

constexpr std::array kKinds{
    Kind{"person", "people", Life::MergedPerField, ScopeRule::AreaField, "area_code", kPerson, true, "station_id"},
    Kind{"household", "households", Life::MergedPerField, ScopeRule::AreaField, "area_code", kHousehold, true},
    Kind{"station", "stations", Life::Replaced, ScopeRule::Self, nullptr, kStation},
    Kind{"campaign", "campaigns", Life::Replaced, ScopeRule::AreaField, "target_areas", kCampaign},
    Kind{"visit", "visits", Life::AppendOnly, ScopeRule::ParentFields, nullptr, kVisit},
    Kind{"followup", "followups", Life::Replaced, ScopeRule::ParentFields, nullptr, kFollowUp},
    Kind{"followup_note", "followup_notes", Life::AppendOnly, ScopeRule::ParentFields, nullptr, kFollowUpNote},
    Kind{"service", "service_logs", Life::AppendOnly, ScopeRule::ParentFields, nullptr, kService},
    Kind{"job_fair", "job_fairs", Life::AppendOnly, ScopeRule::AreaField, "area_code", kJobFair, false, "station_id", true},
    Kind{"certificate", "certificate_services", Life::AppendOnly, ScopeRule::AreaField, "area_code", kCertificate, false,
         "station_id", true},
    Kind{"review", "reviews", Life::AppendOnly, ScopeRule::ParentFields, nullptr, kReview},
};

} // namespace

std::span<const Kind> kinds() { return kKinds; }

const Kind *kind(QAnyStringView name)
{
    for (const Kind &k : kKinds)
        if (QAnyStringView::equal(name, QLatin1String(k.name)))
            return &k;
    return nullptr;
}

const Field *field(const Kind &kind, QAnyStringView key)
{
    for (const Field &f : kind.fields)
        if (QAnyStringView::equal(key, QLatin1String(f.key)))
            return &f;
    return nullptr;
}

} // namespace hearth::model
