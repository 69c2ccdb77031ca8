// SPDX-License-Identifier: GPL-3.0-or-later
#include "validation.h"

#include <QDateTime>

#include <array>

namespace hearth::domain {
namespace {

struct Texts
{
    const char *zh;
    const char *en;
};

Texts problemTexts(Problem p)
{
    switch (p) {
    case Problem::Required: return {"必填", "required"};
    case Problem::TooLong: return {"太长", "too long"};
    case Problem::IdLength: return {"应为 18 位", "must have 18 characters"};
    case Problem::IdCharacters: return {"只能是数字，最后一位可以是 X", "digits only, and X only as the last character"};
    case Problem::IdCheckDigit: return {"校验位不对，请核对号码", "wrong check digit; please check the number"};
    case Problem::IdBirthDate: return {"出生日期不存在", "the birth date in it does not exist"};
    case Problem::IdGenderMismatch: return {"与填写的性别不一致", "does not agree with the gender given"};
    case Problem::IdBirthDateMismatch: return {"与填写的出生日期不一致", "does not agree with the birth date given"};
    case Problem::PhoneFormat: return {"不是有效的手机号（11 位，以 13–19 开头）",
                                       "not a valid mobile number (11 digits starting 13-19)"};
    case Problem::UnknownArea: return {"行政区划代码不存在（请先导入区划）",
                                       "unknown area code (import the areas first)"};
    case Problem::NotAVillage: return {"应为村（社区）一级", "must be a village (community)"};
    case Problem::BadChoice: return {"不是可选的值", "not one of the allowed values"};
    case Problem::BadDate: return {"日期无效（格式 YYYY-MM-DD）", "not a valid date (YYYY-MM-DD)"};
    case Problem::BadNumber: return {"数值无效", "not a valid number"};
    case Problem::DuplicateIdNumber: return {"已有同一身份证号的人员", "already belongs to a person in the store"};
    case Problem::UnknownRecord: return {"找不到对应的记录", "refers to a record that does not exist"};
    case Problem::ControlCharacter: return {"含有不可见的控制字符", "holds a control character"};
    case Problem::WrongType: return {"类型不对", "wrong type"};
    case Problem::UnknownField: return {"未知字段", "unknown field"};
    case Problem::OutOfScope: return {"对应的记录超出您的负责范围", "refers to a record outside your scope"};
    case Problem::Deleted: return {"对应的记录已被删除", "refers to a deleted record"};
    }
    return {"无效", "invalid"};
}

struct Label
{
    const char *key;
    const char *zh;
    const char *en;
};

constexpr std::array kLabels{
    Label{"name", "姓名", "name"},
    Label{"gender", "性别", "gender"},
    Label{"birth_date", "出生日期", "birth date"},
    Label{"id_number", "身份证号", "ID number"},
    Label{"phone", "联系电话", "phone"},
    Label{"area_code", "所在村", "village"},
    Label{"household", "户主", "household head"},
    Label{"household_id", "户", "household"},
    Label{"relation", "与户主关系", "relation to head"},
    Label{"status", "外出状态", "migrant status"},
    Label{"work_province", "务工省份", "work province"},
    Label{"work_city", "务工城市", "work city"},
    Label{"employer", "工作单位", "employer"},
    Label{"occupation", "职业", "occupation"},
    Label{"party_member", "是否党员", "party member"},
    Label{"tags", "标签", "tags"},
    Label{"person_id", "人员", "person"},
    Label{"kind", "类型", "kind"},
    Label{"needs", "诉求", "needs"},
    Label{"goods", "物资", "goods"},
    Label{"cash_fen", "慰问金", "cash"},
    Label{"station_id", "驿站/工作站", "station"},
    Label{"category", "类别", "category"},
    Label{"count", "人数", "count"},
    Label{"visitors", "走访人", "visitors"},
    Label{"campaign_id", "活动", "campaign"},
    Label{"address", "地址", "address"},
    Label{"due_on", "截止日期", "due date"},
    Label{"amount", "金额", "amount"},
    Label{"visit_id", "走访记录", "visit"},
    Label{"followup_id", "跟进事项", "follow-up"},
    Label{"supersedes", "被更正的走访", "corrected visit"},
    Label{"visited_at", "走访时间", "visit time"},
    Label{"location", "位置", "location"},
    Label{"photos", "照片", "photos"},
    Label{"notes", "备注", "notes"},
    Label{"text", "内容", "text"},
    Label{"starts_on", "开始日期", "start date"},
    Label{"ends_on", "结束日期", "end date"},
    Label{"target_areas", "目标区域", "target areas"},
    Label{"claimed_fen", "欠薪金额", "amount claimed"},
    Label{"recovered_fen", "追回金额", "amount recovered"},
    Label{"created_at", "创建时间", "creation time"},
    Label{"at", "时间", "time"},
    Label{"organiser", "举办单位", "organiser"},
    Label{"place", "地点", "place"},
    Label{"held_on", "举办日期", "date held"},
    Label{"employers", "参会企业", "employers"},
    Label{"positions", "提供岗位", "positions offered"},
    Label{"attendees", "参会人数", "people attending"},
    Label{"contracts", "签订意向", "intention contracts"},
    Label{"placed", "达成就业", "people placed"},
    Label{"people", "关联人员", "linked people"},
    Label{"outcome", "办理结果", "outcome"},
    Label{"handler", "经办人", "handled by"},
};

const Label *labelFor(const QString &field)
{
    for (const Label &l : kLabels)
        if (field == QLatin1String(l.key))
            return &l;
    return nullptr;
}

// yyyyMMdd without QDateTimeParser (which costs microseconds per call in bulk imports).
QDate dateFromDigits(QStringView d)
{
    auto num = [&d](int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; ++i)
            v = v * 10 + (d[i].unicode() - u'0');
        return v;
    };
    return QDate(num(0, 4), num(4, 2), num(6, 2));
}

constexpr std::array<int, 17> kIdWeights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

} // namespace

QString fieldLabelChinese(const QString &field)
{
    const Label *l = labelFor(field);
    return l ? QString::fromUtf8(l->zh) : field;
}

QString fieldLabelEnglish(const QString &field)
{
    const Label *l = labelFor(field);
    return l ? QString::fromUtf8(l->en) : field;
}

QString FieldProblem::chinese() const
{
    return fieldLabelChinese(field) + QStringLiteral("：") + QString::fromUtf8(problemTexts(problem).zh);
}

QString FieldProblem::english() const
{
    return fieldLabelEnglish(field) + QStringLiteral(": ") + QString::fromUtf8(problemTexts(problem).en);
}

Error FieldProblem::toError() const
{
    const ErrorCode code = problem == Problem::DuplicateIdNumber ? ErrorCode::Duplicate : ErrorCode::InvalidRecord;
    return Error::withReason(code, chinese(), english(), field);
}

QChar idCheckCharacter(QStringView first17)
{
    int sum = 0;
    for (int i = 0; i < 17; ++i)
        sum += (first17[i].unicode() - u'0') * kIdWeights[size_t(i)];
    static constexpr char16_t kCheck[] = u"10X98765432";
    return QChar(kCheck[sum % 11]);
}

QDate latestDateOnEarth() { return QDateTime::currentDateTimeUtc().addSecs(14 * 3600).date(); }

QString normalizedIdNumber(const QString &idNumber) { return idNumber.trimmed().toUpper(); }

std::optional<Problem> checkIdNumber(const QString &raw, const QDate &today)
{
    const QString id = normalizedIdNumber(raw);
    if (id.isEmpty())
        return Problem::Required;
    if (id.size() != 18)
        return Problem::IdLength;
    for (int i = 0; i < 18; ++i) {
        const QChar c = id[i];
        const bool digit = c >= u'0' && c <= u'9';
        if (!digit && !(i == 17 && c == u'X'))
            return Problem::IdCharacters;
    }
    if (idCheckCharacter(QStringView(id).first(17)) != id[17])
        return Problem::IdCheckDigit;
    const QDate birth = dateFromDigits(QStringView(id).sliced(6, 8));
    if (!birth.isValid() || birth.year() < 1900 || birth > today)
        return Problem::IdBirthDate;
    return std::nullopt;
}

IdNumberFacts idNumberFacts(const QString &valid)
{
    const QString id = normalizedIdNumber(valid);
    const int genderDigit = id[16].unicode() - u'0';
    return {dateFromDigits(QStringView(id).sliced(6, 8)), genderDigit % 2 ? u'M' : u'F'};
}

QString normalizedPhone(const QString &phone)
{
    QString digits;
    digits.reserve(phone.size());
    for (QChar c : phone) {
        if (c.isDigit())
            digits += c;
        else if (c != u' ' && c != u'-' && c != u'+' && c != u'\u00a0')
            return {};
    }
    if (digits.size() == 13 && digits.startsWith(QLatin1String("86")))
        digits.remove(0, 2);
    if (digits.size() != 11 || digits[0] != u'1' || digits[1] < u'3')
        return {};
    return digits;
}

std::optional<Problem> checkPhone(const QString &phone)
{
    if (phone.trimmed().isEmpty())
        return Problem::Required;
    if (normalizedPhone(phone).isEmpty())
        return Problem::PhoneFormat;
    return std::nullopt;
}

QString maskIdNumber(const QString &id)
{
    if (id.size() < 10)
        return QString(id.size(), u'*');
    return id.left(6) + QString(id.size() - 10, u'*') + id.right(4);
}

QString maskPhone(const QString &phone)
{
    if (phone.size() < 7)
        return QString(phone.size(), u'*');
    return phone.left(3) + QString(phone.size() - 7, u'*') + phone.right(4);
}

} // namespace hearth::domain
