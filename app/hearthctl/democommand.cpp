// SPDX-License-Identifier: GPL-3.0-or-later
// demo: a populated store for newcomers: synthetic households and people across a real
// county's villages, a campaign, a travel point, visits and service logs. Every person carries
// the tag 演示数据 and every address says （演示）, so nobody takes them for real people.
#include "cli.h"
#include "core/domain/area.h"
#include "core/domain/household.h"
#include "core/domain/personrepository.h"
#include "core/domain/records.h"
#include "core/domain/reportrecords.h"
#include "core/domain/uuid.h"
#include "core/domain/visit.h"
#include "core/media/mediastore.h"
#include "core/media/photo.h"
#include "core/storage/database.h"
#include "core/storage/store.h"
#include "core/sync/remoteapply.h"

#include <QBuffer>
#include <QDateTime>
#include <QImage>
#include <QJsonArray>
#include <QLinearGradient>
#include <QPainter>
#include <QRandomGenerator>

namespace hearth::cli {
namespace {

// A synthetic photo for a demo visit: a house under hills, drawn (no person, no place), so
// demo stores show and sync photos like real ones.
Result<domain::PhotoRef> demoPhoto(media::MediaStore &media, int n)
{
    QImage scene(1200, 900, QImage::Format_RGB32);
    QPainter p(&scene);
    QLinearGradient sky(0, 0, 0, 900);
    sky.setColorAt(0, QColor::fromHsv(195 + (n * 7) % 30, 80 + (n * 13) % 60, 235));
    sky.setColorAt(1, QColor(238, 232, 214));
    p.fillRect(scene.rect(), sky);
    p.setPen(Qt::NoPen);
    p.setBrush(QColor(84, 132 + (n * 11) % 40, 78));
    p.drawEllipse(QPoint(250 + (n * 97) % 300, 980), 720, 360);
    p.setBrush(QColor(70, 112, 66));
    p.drawEllipse(QPoint(950 - (n * 53) % 200, 1010), 640, 320);
    const int x = 380 + (n * 71) % 300;
    p.setBrush(QColor(214, 204, 184));
    p.drawRect(x, 470, 320, 210);
    p.setBrush(QColor(150, 58, 46));
    p.drawPolygon(QPolygon({QPoint(x - 30, 480), QPoint(x + 160, 360), QPoint(x + 350, 480)}));
    p.setBrush(QColor(96, 72, 52));
    p.drawRect(x + 135, 570, 50, 110);
    p.setBrush(QColor(120, 160, 200));
    p.drawRect(x + 40, 520, 60, 50);
    p.drawRect(x + 220, 520, 60, 50);
    p.end();
    QByteArray jpeg;
    QBuffer buffer(&jpeg);
    buffer.open(QIODevice::WriteOnly);
    scene.save(&buffer, "JPEG", 85);
    auto processed = media::processPhoto(jpeg);
    if (!processed)
        return processed.error();
    return domain::putPhoto(media, *processed);
}


const QStringList kSurnames = QStringLiteral("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 罗 高 林 邓 曾 彭 谢 唐")
                                  .split(u' ');
const QStringList kGiven = QStringLiteral("国 建 明 华 春 秀 英 小 志 军 平 红 丽 伟 芳 强 勇 敏 静 磊 洪 福 兰 燕 桂 德 文 成 玉 海")
                               .split(u' ');
const QStringList kProvinces{u"广东省"_qs, u"浙江省"_qs, u"江苏省"_qs, u"福建省"_qs, u"上海市"_qs, u"北京市"_qs};
const QStringList kCities{u"深圳市"_qs, u"宁波市"_qs, u"苏州市"_qs, u"厦门市"_qs, u"上海市"_qs, u"北京市"_qs};
const QStringList kOccupations{u"电子厂普工"_qs, u"建筑工人"_qs, u"快递员"_qs, u"厨师"_qs, u"家政服务员"_qs, u"货车司机"_qs};
const QStringList kNeeds{u"wage_arrears"_qs, u"jobs"_qs, u"certificates"_qs, u"children"_qs, u"health"_qs, u"housing"_qs};
const QStringList kNeedTexts{u"工资拖欠两个月（演示）"_qs, u"希望在县城就近就业（演示）"_qs, u"需要补办职业资格证（演示）"_qs,
                             u"孩子上学需要帮扶（演示）"_qs, u"老人慢性病用药（演示）"_qs, u"房屋漏雨需要维修（演示）"_qs};

class Demo
{
public:
    Demo(storage::Database &db, quint32 seed) : m_db(db), m_rng(seed) {}

    QString pick(const QStringList &l) { return l[int(m_rng.bounded(quint32(l.size())))]; }
    int between(int lo, int hi) { return lo + int(m_rng.bounded(quint32(hi - lo + 1))); }
    QString name(const QString &surname) { return surname + pick(kGiven) + (between(0, 3) ? pick(kGiven) : QString()); }

    // A valid-format ID number (right check digit) for the county; synthetic.
    QString idNumber(const QString &county, const QDate &birth, bool male)
    {
        QString first17 = county.left(6) + birth.toString(u"yyyyMMdd"_qs) +
                          QStringLiteral("%1").arg(between(0, 99), 2, 10, QLatin1Char('0')) +
                          QString::number(male ? 2 * between(0, 4) + 1 : 2 * between(0, 4));
        return first17 + domain::idCheckCharacter(first17);
    }

    QString phone() { return QStringLiteral("1%1%2").arg(between(3, 9)).arg(between(0, 999'999'999), 9, 10, QLatin1Char('0')); }

    storage::Database &m_db;
    QRandomGenerator m_rng;
};

int demo(Context &ctx)
{
    const QString county = ctx.args.value(u"county"_qs);
    bool ok = false;
    const int households = ctx.args.value(u"households"_qs).toInt(&ok);
    if (county.size() != 6 || !ok || households < 1 || households > 100'000)
        return fail(Error::withReason(ErrorCode::InvalidArgument, u"用法：demo --county 六位县代码 --households 1-100000"_qs,
                                      u"usage: demo --county SIX-DIGIT-CODE --households 1-100000"_qs));
    auto store = openStore(ctx);
    if (!store)
        return fail(store.error());
    auto &db = (*store)->database();
    domain::AreaRepository areas(db);
    auto villages = areas.under(county, domain::Area::Village);
    if (!villages)
        return fail(villages.error());
    if (villages->isEmpty())
        return fail(Error::withReason(ErrorCode::NotFound, u"这个县没有村级区划，请先导入区划（areas import）"_qs,
                                      u"no villages under this county; import the areas first (areas import)"_qs));
    Demo d(db, ctx.args.isSet(u"seed"_qs) ? ctx.args.value(u"seed"_qs).toUInt() : 20260122u);
    const QDate today = QDate::currentDate();
    domain::RecordRepository records(db);
    auto campaign = records.addCampaign({{}, u"春节走访慰问（演示）"_qs, today.addDays(-20).toString(Qt::ISODate),
                                         today.addDays(40).toString(Qt::ISODate), {}, u"away"_qs, {county}});
    if (!campaign)
        return fail(campaign.error());
    auto station = records.addStation({{}, u"travel_point"_qs, u"县客运站爱心驿站（演示）"_qs, county, {}, u"汽车站候车厅"_qs});
    if (!station)
        return fail(station.error());

    domain::HouseholdRepository householdRepo(db);
    domain::PersonRepository people(db);
    QStringList heads;
    int peopleCount = 0;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int h = 0; h < households;) {
        auto tx = storage::Transaction::begin(db);
        if (!tx)
            return fail(tx.error());
        for (int inBatch = 0; inBatch < 200 && h < households; ++inBatch, ++h) {
            const domain::Area &village = (*villages)[h % villages->size()];
            const QString surname = d.pick(kSurnames);
            const QString headName = d.name(surname);
            domain::Household hh{{}, village.code,
                                 QStringLiteral("（演示）%1%2组%3号").arg(village.name).arg(d.between(1, 12)).arg(d.between(1, 80)),
                                 headName, {}, d.between(0, 5) ? QStringList() : QStringList{u"低保"_qs}};
            if (auto saved = householdRepo.insertValidated(hh, now); !saved)
                return fail(saved.error());
            const int size = d.between(1, 5);
            for (int m = 0; m < size; ++m) {
                domain::Person p;
                const bool head = m == 0;
                const bool male = head ? d.between(0, 4) > 0 : d.between(0, 1);
                const int age = head ? d.between(28, 58) : m == 1 ? d.between(26, 56) : m == 2 ? d.between(6, 16) : d.between(62, 85);
                p.name = head ? headName : (m == 2 ? d.name(surname) : d.name(d.pick(kSurnames)));
                p.relation = head ? u"户主"_qs : m == 1 ? u"配偶"_qs : m == 2 ? (male ? u"子"_qs : u"女"_qs) : u"父母"_qs;
                const QDate birth = today.addYears(-age).addDays(-d.between(0, 364));
                p.idNumber = d.idNumber(county, birth, male);
                p.areaCode = village.code;
                p.householdId = hh.id;
                p.tags = {u"演示数据"_qs};
                if (age >= 18 && age < 60) {
                    p.phone = d.phone();
                    p.status = d.between(0, 9) < 6 ? u"away"_qs : (d.between(0, 1) ? u"returned"_qs : u"local"_qs);
                    if (p.status == u"away") {
                        const int w = d.between(0, kProvinces.size() - 1);
                        p.workProvince = kProvinces[w];
                        p.workCity = kCities[w];
                        p.occupation = d.pick(kOccupations);
                    }
                    p.partyMember = d.between(0, 50) == 0;
                } else {
                    p.status = u"local"_qs;
                    p.tags << (age < 18 ? u"留守儿童"_qs : u"留守老人"_qs);
                }
                if (!d.between(0, 12))
                    p.tags << u"困难"_qs;
                if (auto problem = people.validate(p))
                    continue; // a random collision (same ID number) is simply skipped
                if (auto saved = people.insertValidated(p, now); saved) {
                    ++peopleCount;
                    if (head)
                        heads << p.id;
                }
            }
        }
        if (auto committed = tx->commit(); !committed)
            return fail(committed.error());
    }

    // Visits to about a third of the households, some with needs, goods and cash; service logs.
    domain::VisitRepository visits(db);
    media::MediaStore media((*store)->mediaDirectory(), (*store)->mediaKey());
    constexpr int kDemoPhotos = 12;
    int visitCount = 0, photoCount = 0;
    for (int i = 0; i < heads.size(); i += 3) {
        domain::Visit v;
        v.personId = heads[i];
        v.campaignId = *campaign;
        v.kind = d.between(0, 4) ? u"home"_qs : u"phone"_qs;
        v.visitors = {u"驻村工作队（演示）"_qs};
        v.visitedAt = now - qint64(d.between(0, 19)) * 86'400'000 - d.between(0, 36'000) * 1000LL;
        v.letterDelivered = true;
        v.cashFen = d.between(0, 2) ? 0 : 50'000;
        v.goods = {{u"大米（袋）"_qs, 1}, {u"食用油（桶）"_qs, 1}};
        if (!d.between(0, 2)) {
            const int n = d.between(0, kNeeds.size() - 1);
            v.needs = {{kNeeds[n], kNeedTexts[n]}};
        }
        v.location.reasonCode = u"no_source"_qs;
        // A few visits carry a photo; the first of them three, as a visit often does.
        for (int n = 0; v.kind == u"home" && photoCount < kDemoPhotos && n < (photoCount ? 1 : 3); ++n) {
            auto photo = demoPhoto(media, photoCount * 3 + n);
            if (!photo)
                return fail(photo.error());
            v.photos.append(*photo);
        }
        const bool firstPhotos = photoCount == 0 && !v.photos.isEmpty();
        photoCount += v.photos.isEmpty() ? 0 : 1;
        auto saved = visits.add(v);
        if (!saved)
            return fail(saved.error());
        ++visitCount;
        // The supervisor returned it with a comment, as the next sync brings it (the console's
        // review queue: no location recorded).
        if (firstPhotos) {
            const QJsonObject review{{u"visit_id"_qs, *saved}, {u"decision"_qs, u"returned"_qs},
                                     {u"comment"_qs, u"这次走访没有记录位置，请补充说明（演示）"_qs},
                                     {u"reviewer"_qs, u"县督导（演示）"_qs}, {u"flags"_qs, QJsonArray{u"no_location"_qs}},
                                     {u"at"_qs, now}, {u"created_at"_qs, now}};
            if (auto r = sync::applyRemoteChange(db, u"review"_qs, makeUuidV7(now), u"create"_qs, review); !r)
                return fail(r.error());
        }
    }
    const QStringList categories = domain::serviceCategories();
    for (int i = 0; i < 40; ++i)
        if (auto saved = records.addService({{}, *station, now - d.between(0, 36'000) * 1000LL, 480,
                                             categories[i % (categories.size() - 1)], d.between(1, 6), {},
                                             u"志愿者（演示）"_qs, {}});
            !saved)
            return fail(saved.error());
    // Job fairs held by the county, a township and at the travel point; certificates handled.
    domain::ReportRecords report(db);
    const QString township = villages->first().code.left(9);
    struct DemoFair { QString area, station, organiser, place; int daysAgo; };
    const DemoFair fairs[] = {{county, {}, u"县就业服务局（演示）"_qs, u"县城文化广场"_qs, 12},
                              {township, {}, u"镇劳动保障所（演示）"_qs, u"镇政府院坝"_qs, 5},
                              {{}, *station, u"县客运站爱心驿站（演示）"_qs, u"汽车站候车厅"_qs, 2}};
    for (const DemoFair &f : fairs) {
        const int attendees = d.between(60, 400);
        const int contracts = attendees / d.between(3, 6);
        domain::JobFair fair{{}, f.area, f.station, f.organiser, f.place, today.addDays(-f.daysAgo).toString(Qt::ISODate),
                             d.between(8, 40), d.between(200, 1200), attendees, contracts, contracts / 2};
        if (auto saved = report.addJobFair(fair); !saved)
            return fail(saved.error());
    }
    const QStringList certificateKinds = domain::certificateKinds();
    for (int i = 0; i < 24; ++i) {
        const bool atPoint = i % 3 == 0;
        domain::CertificateService c;
        c.areaCode = atPoint ? QString() : township;
        c.stationId = atPoint ? *station : QString();
        c.place = atPoint ? u"travel_point"_qs : u"township"_qs;
        c.kind = certificateKinds[i % certificateKinds.size()];
        c.outcome = d.between(0, 5) ? u"done"_qs : u"accepted"_qs;
        c.personId = heads.isEmpty() ? QString() : heads[i % heads.size()];
        c.at = now - qint64(d.between(0, 19)) * 86'400'000;
        c.handler = u"经办人（演示）"_qs;
        if (auto saved = report.addCertificate(c); !saved)
            return fail(saved.error());
    }
    if (ctx.json)
        out(toJson({{u"households"_qs, households}, {u"people"_qs, peopleCount}, {u"visits"_qs, visitCount},
                    {u"campaign_id"_qs, *campaign}, {u"station_id"_qs, *station}}));
    else
        out(QStringLiteral("演示数据已生成 / Demo data made: %1 户 households, %2 人 people, %3 次走访 visits, "
                           "1 个活动 campaign, 1 个驿站 travel point, 3 场招聘会 job fairs, 24 次证照办理 certificate services")
                .arg(households).arg(peopleCount).arg(visitCount));
    return Ok;
}

} // namespace

std::vector<Command> demoCommands()
{
    return {{"demo", "演示数据 / Fill the store with clearly synthetic households, people and visits",
             [](QCommandLineParser &p) {
                 p.addOption(option("county", "a county's six-digit area code (import the areas first)", "CODE"));
                 p.addOption(option("households", "how many households", "N"));
                 p.addOption(option("seed", "random seed (the same seed makes the same names)", "N"));
                 p.addOption(jsonOption());
             },
             demo}};
}

} // namespace hearth::cli
