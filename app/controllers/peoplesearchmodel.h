// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The registry list: people matching what is typed, ranked by the core's search, with ID
// number and phone masked. Searches on every change of the query (a search of a 200,000-person
// store takes well under a millisecond, see docs/benchmarks.md), so QML just binds `query`.
// With no text it browses everyone in pinyin order: rowCount is everyone (so the scroll bar is
// true), and rows are read a page at a time as the view asks for them, keeping only the last
// few pages. A ListView scrolls a whole county in bounded memory.

#include "core/search/searchindex.h"
#include "sessioncontroller.h"

#include <QAbstractListModel>
#include <QHash>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace hearth::app {

class PeopleSearchModel : public QAbstractListModel
{
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(hearth::app::SessionController *session READ session WRITE setSession NOTIFY sessionChanged)
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(QString areaCode READ areaCode WRITE setAreaCode NOTIFY areaCodeChanged)
    Q_PROPERTY(QStringList tags READ tags WRITE setTags NOTIFY tagsChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY countChanged)
    Q_PROPERTY(int limit READ limit CONSTANT) // a search shows at most this many: the best ranked
    Q_PROPERTY(QStringList suggestedTags READ suggestedTags CONSTANT) // for the tag filter
    Q_PROPERTY(bool browsing READ browsing NOTIFY countChanged) // no text: everyone, by name
    Q_PROPERTY(qint64 total READ total NOTIFY countChanged)     // while browsing: how many in all
    Q_PROPERTY(int loadedRows READ loadedRows NOTIFY countChanged) // rows held in memory now

public:
    enum Role {
        PersonIdRole = Qt::UserRole + 1,
        NameRole,
        GenderRole,
        PhoneRole,
        IdNumberRole,
        PlaceRole,
        StatusRole,
        TagsRole,
        MatchRole,
        StatusLabelRole, // the status in words, as on the person page
    };
    Q_ENUM(Role)

    explicit PeopleSearchModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;

    QHash<int, QByteArray> roleNames() const override;

    SessionController *session() const { return m_session; }
    void setSession(SessionController *session);
    QString query() const { return m_query; }
    void setQuery(const QString &query);
    QString areaCode() const { return m_areaCode; }
    void setAreaCode(const QString &code);
    QStringList tags() const { return m_tags; }
    void setTags(const QStringList &tags);
    QString errorString() const { return m_error.isEmpty() ? m_pageError : m_error; }
    int limit() const { return kLimit; }
    bool browsing() const { return m_browsing; }
    QStringList suggestedTags() const;
    qint64 total() const { return m_total; }
    static constexpr int kPageSize = 100;
    // Pages kept while browsing (the rest are read again when scrolled back to).
    void setCachedPages(int pages) { m_cachedPages = std::max(1, pages); }
    int loadedRows() const; // how many rows are held now (tests, benchmarks)

    Q_INVOKABLE void refresh();

Q_SIGNALS:
    void sessionChanged();
    void queryChanged();
    void areaCodeChanged();
    void tagsChanged();
    void countChanged();

private:
    static constexpr int kLimit = 50;
    struct Row
    {
        QString id, name, gender, phone, idNumber, place, status, match;
        QStringList tags;
    };
    QString placeOf(const QString &areaCode) const;
    bool appendPeople(const QStringList &ids, QList<Row> &rows) const;
    const Row *browseRow(int row) const; // loads its page when needed

    QPointer<SessionController> m_session;
    QString m_query;
    QString m_areaCode;
    QStringList m_tags;
    QList<Row> m_rows;
    QString m_error;
    mutable QHash<QString, QString> m_places; // area code → "镇 村"
    bool m_browsing = false;
    qint64 m_total = 0;
    int m_cachedPages = 20;
    struct Page
    {
        QList<Row> rows;
        search::BrowseKey last; // where the next page starts
    };
    mutable QHash<int, Page> m_pages; // browsing: page number → its rows
    mutable QList<int> m_recent;            // pages, most recently used last
    mutable QString m_pageError;
};

} // namespace hearth::app
