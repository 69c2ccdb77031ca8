// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The monthly report's figures as the console reads them (docs/console.md): from the rollup
// report_figures (figuresschema.h), never from record bodies. An area's figures for a range of
// months, its months one by one, and its next level down.

#include "server/pg.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

namespace hearth::server::report {

// The five practical things, in the order of the report.
QStringList things(); // visit, job_fair, wage, certificate, service

struct Figure
{
    qint64 n = 0, people = 0, fen = 0, goods = 0;
    Figure &operator+=(const Figure &o)
    {
        n += o.n, people += o.people, fen += o.fen, goods += o.goods;
        return *this;
    }
};

// One area's figures by thing.
struct Figures
{
    QString area; // empty: "at this level itself" (recorded against the area, not one below)
    QHash<QString, Figure> byThing;
};

struct MonthFigures
{
    QDate month;
    QHash<QString, Figure> byThing;
};

// The level below an area code: 2 → 4 → 6 → 9 → 12 digits (empty: none below a village).
int childLength(int length);

// Folds what writers appended (report_deltas) into the figures; every read below does it first.
Result<void> fold(Pg &pg);

// `area` from month `from` to month `to` (first days, inclusive).
Result<Figures> total(Pg &pg, const QString &area, QDate from, QDate to);
// Each month of [from, to], oldest first (months with nothing included, all zero).
Result<QList<MonthFigures>> byMonth(Pg &pg, const QString &area, QDate from, QDate to);
// The next level down, by child code; what was recorded against `area` itself (not any child)
// comes last with an empty code, when there is any.
Result<QList<Figures>> byChild(Pg &pg, const QString &area, QDate from, QDate to);

// Rows whose kept figures differ from a recount of the records (empty: they agree).
Result<QStringList> verify(Pg &pg);

} // namespace hearth::server::report
