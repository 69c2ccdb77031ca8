// SPDX-License-Identifier: GPL-3.0-or-later
#include "monthreport.h"

#include "server/report/figures.h"
#include "server/report/xlsx.h"

#include <QJsonArray>

namespace hearth::server::console {
namespace {

struct Measure
{
    const char *thing, *key, *zh, *en;
    bool money;
};

// What each thing is reported in, as the programme counts it.
constexpr Measure kMeasures[] = {
    {"visit", "people", "走访慰问（人次）", "visits (person-times)", false},
    {"visit", "fen", "慰问金（元）", "cash handed out (yuan)", true},
    {"visit", "goods", "慰问物资（件）", "goods handed out (items)", false},
    {"job_fair", "n", "招聘会（场）", "job fairs held", false},
    {"job_fair", "people", "达成就业（人）", "people placed", false},
    {"wage", "fen", "追回欠薪（元）", "wages recovered (yuan)", true},
    {"wage", "people", "欠薪案件结案（人）", "workers paid", false},
    {"certificate", "people", "证照办理（人次）", "certificates handled (person-times)", false},
    {"service", "people", "驿站服务（人次）", "travel-point services (person-times)", false},
};

double valueOf(const QJsonObject &things, const Measure &m)
{
    const double v = things.value(QLatin1String(m.thing)).toObject().value(QLatin1String(m.key)).toDouble();
    return m.money ? v / 100 : v;
}

QString escape(const QString &s) { return s.toHtmlEscaped(); }

} // namespace

QString thingName(const QString &thing, bool english)
{
    static const QHash<QString, std::pair<QString, QString>> names{
        {u"visit"_qs, {u"走访慰问"_qs, u"Visits"_qs}},
        {u"job_fair"_qs, {u"就业招聘"_qs, u"Job fairs"_qs}},
        {u"wage"_qs, {u"根治欠薪"_qs, u"Wage arrears settled"_qs}},
        {u"certificate"_qs, {u"证照办理"_qs, u"Certificates"_qs}},
        {u"service"_qs, {u"旅途暖冬"_qs, u"Travel-point services"_qs}},
    };
    const auto it = names.constFind(thing);
    return it == names.cend() ? thing : english ? it->second : it->first;
}

QList<ReportLine> reportLines(const QJsonObject &d)
{
    QList<ReportLine> out;
    for (const Measure &m : kMeasures)
        out.append({QLatin1String(m.thing), QString::fromUtf8(m.zh), QString::fromUtf8(m.en),
                    valueOf(d.value(u"things").toObject(), m), valueOf(d.value(u"before").toObject(), m)});
    return out;
}

Result<QByteArray> monthXlsx(const QJsonObject &d)
{
    const QJsonObject area = d.value(u"area").toObject();
    const QString month = d.value(u"from").toString();
    const QString title = u"%1 服务保障农民工五件实事 %2 月报"_qs.arg(area.value(u"name").toString(), month);
    QList<report::Sheet> sheets;
    report::Sheet summary{u"汇总"_qs, title, {u"事项"_qs, u"指标"_qs, u"本期"_qs, u"上期"_qs, u"增减"_qs}, {}, false};
    for (const ReportLine &l : reportLines(d))
        summary.rows.append({thingName(l.thing), l.measureZh, l.now, l.before, l.now - l.before});
    sheets.append(summary);
    // One sheet per thing: its measures by the next level of areas, with totals.
    const QJsonArray children = d.value(u"children").toArray();
    for (const QString &thing : report::things()) {
        report::Sheet s{thingName(thing), title + u" · "_qs + thingName(thing), {u"区划"_qs}, {}, true};
        QList<const Measure *> measures;
        for (const Measure &m : kMeasures)
            if (QLatin1String(m.thing) == thing) {
                measures << &m;
                s.headers << QString::fromUtf8(m.zh);
            }
        for (const QJsonValue &c : children) {
            const QJsonObject child = c.toObject();
            QVariantList row{child.value(u"code").toString().isEmpty() ? u"本级"_qs : child.value(u"name").toString()};
            for (const Measure *m : measures)
                row << valueOf(child.value(u"things").toObject(), *m);
            s.rows.append(row);
        }
        sheets.append(s);
    }
    return report::writeXlsx(sheets);
}

QByteArray monthHtml(const QJsonObject &d)
{
    const QJsonObject area = d.value(u"area").toObject();
    const QString name = escape(area.value(u"name").toString());
    QString html = u"<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>%1 %2 月报</title>"
                   "<link rel=\"stylesheet\" href=\"/console/assets/app.css\"></head><body class=\"print\">"_qs.arg(
                       name, d.value(u"from").toString());
    const QString from = d.value(u"from").toString(), to = d.value(u"to").toString();
    html += u"<div class=\"sheet\"><h1>%1服务保障农民工五件实事月报</h1><p class=\"meta\">统计期：%2　填报单位：%1</p>"_qs.arg(
        name, from == to ? from : from + u" 至 "_qs + to);
    html += u"<table><thead><tr><th>事项</th><th>指标</th><th>本期</th><th>上期</th><th>增减</th></tr></thead><tbody>"_qs;
    for (const ReportLine &l : reportLines(d))
        html += u"<tr><td>%1</td><td>%2</td><td class=\"n\">%3</td><td class=\"n\">%4</td><td class=\"n\">%5</td></tr>"_qs.arg(
            thingName(l.thing), l.measureZh, QString::number(l.now, 'f', l.measureZh.contains(u"元") ? 2 : 0),
            QString::number(l.before, 'f', l.measureZh.contains(u"元") ? 2 : 0),
            QString::number(l.now - l.before, 'f', l.measureZh.contains(u"元") ? 2 : 0));
    html += u"</tbody></table><h2>分区划情况</h2><table><thead><tr><th>区划</th>"_qs;
    const QList<ReportLine> lines = reportLines(d);
    for (const ReportLine &l : lines)
        html += u"<th>"_qs + l.measureZh + u"</th>"_qs;
    html += u"</tr></thead><tbody>"_qs;
    for (const QJsonValue &c : d.value(u"children").toArray()) {
        const QJsonObject child = c.toObject();
        QJsonObject fake{{u"things"_qs, child.value(u"things")}, {u"before"_qs, QJsonObject()}};
        html += u"<tr><td>"_qs + escape(child.value(u"code").toString().isEmpty() ? u"本级"_qs : child.value(u"name").toString())
            + u"</td>"_qs;
        for (const ReportLine &l : reportLines(fake))
            html += u"<td class=\"n\">%1</td>"_qs.arg(QString::number(l.now, 'f', l.measureZh.contains(u"元") ? 2 : 0));
        html += u"</tr>"_qs;
    }
    html += u"</tbody></table><p class=\"sign\">填报人：　　　　　审核人：　　　　　日期：</p></div></body></html>"_qs;
    return html.toUtf8();
}

} // namespace hearth::server::console
