// SPDX-License-Identifier: GPL-3.0-or-later
#include "sortkey.h"

#include <sqlite3.h>
#include <unicode/ucol.h>

#include <memory>

namespace hearth::storage {
namespace {

struct CollatorCloser
{
    void operator()(UCollator *c) const { ucol_close(c); }
};

// ICU collators must not be shared between threads; the import and the UI run on several.
UCollator *collator()
{
    thread_local std::unique_ptr<UCollator, CollatorCloser> c = [] {
        UErrorCode status = U_ZERO_ERROR;
        std::unique_ptr<UCollator, CollatorCloser> made(ucol_open("zh", &status));
        if (U_FAILURE(status))
            made.reset();
        return made;
    }();
    return c.get();
}

void sortKeySql(sqlite3_context *ctx, int, sqlite3_value **argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const auto *text = static_cast<const char16_t *>(sqlite3_value_text16(argv[0]));
    const int bytes = sqlite3_value_bytes16(argv[0]);
    const QByteArray key = sortKey(QStringView(text, bytes / 2));
    sqlite3_result_blob(ctx, key.constData(), int(key.size()), SQLITE_TRANSIENT);
}

} // namespace

QByteArray sortKey(QStringView text)
{
    UCollator *c = collator();
    if (!c) // no ICU data: code point order still sorts, just not by pinyin
        return text.toUtf8();
    const auto *chars = reinterpret_cast<const UChar *>(text.utf16());
    QByteArray key(64, Qt::Uninitialized);
    int32_t n = ucol_getSortKey(c, chars, int32_t(text.size()), reinterpret_cast<uint8_t *>(key.data()),
                                int32_t(key.size()));
    if (n > key.size()) {
        key.resize(n);
        n = ucol_getSortKey(c, chars, int32_t(text.size()), reinterpret_cast<uint8_t *>(key.data()), n);
    }
    key.resize(n > 0 ? n - 1 : 0); // drop the terminating zero byte
    return key;
}

QByteArray sortKeyVersion()
{
    UCollator *c = collator();
    if (!c)
        return "codepoint";
    UVersionInfo v;
    ucol_getVersion(c, v);
    char text[U_MAX_VERSION_STRING_LENGTH] = {};
    u_versionToString(v, text);
    return QByteArray("icu-zh-") + text;
}

int registerSortKeyFunction(sqlite3 *db)
{
    return sqlite3_create_function_v2(db, "hearth_sortkey", 1,
                                      SQLITE_UTF16 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                      sortKeySql, nullptr, nullptr, nullptr);
}

} // namespace hearth::storage
