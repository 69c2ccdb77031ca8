// SPDX-License-Identifier: GPL-3.0-or-later
#include "keywrapsuite.h"

#include "core/storage/store.h"
#include "platforms/common/layeredkeystore.h"
#include "support/testsupport.h"

#include <QJsonDocument>
#include <QtTest>

namespace hearth::test {
namespace {

using platform::LayeredKeyStore;
using platform::PinKeyStore;

const QByteArray kContext = "hearth-store:4b1c2f0e-5a7d-4c49-9a0e-3d1b7c9e2f10";
const QByteArray kOtherContext = "hearth-store:0d6c9a54-1f2b-4e3a-8c7d-6b5a4f3e2d1c";

LayeredKeyStore layered(const KeyWrapHooks &hooks)
{
    return LayeredKeyStore(hooks.make(), PinKeyStore(crypto::KdfParams::minimal()));
}

QByteArray flippedAt(const QString &base64, qsizetype at)
{
    QByteArray bytes = QByteArray::fromBase64(base64.toLatin1());
    bytes[at % bytes.size()] = char(bytes[at % bytes.size()] ^ 0x20);
    return bytes.toBase64();
}

} // namespace

void keyWrapRoundTrip(const KeyWrapHooks &hooks)
{
    auto keys = layered(hooks);
    const SecretBytes dbKey = SecretBytes::random(crypto::kKeySize);
    auto wrapped = keys.wrap(dbKey, secret("258013"), kContext);
    QVERIFY2(wrapped, qPrintable(wrapped ? QString() : wrapped.error().bilingual()));
    QCOMPARE(wrapped->value(u"layer").toString(), hooks.make()->method());
    QVERIFY(wrapped->value(u"alias").toString().startsWith(LayeredKeyStore::aliasFor(kContext) + u'-'));
    // Only the sealed form of the PIN wrap is kept: no salt or Argon2 parameters in the clear.
    QVERIFY(!wrapped->contains(u"salt"));
    QVERIFY(!QJsonDocument(*wrapped).toJson().contains("argon2"));
    QVERIFY(!keys.needsRewrap(*wrapped));

    // A second instance (the app started again) opens it.
    auto again = layered(hooks);
    auto opened = again.unwrap(*wrapped, secret("258013"), kContext);
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().bilingual()));
    QVERIFY(opened->equals(dbKey));
    // Sealing twice gives two different records (a fresh IV every time).
    auto twice = keys.wrap(dbKey, secret("258013"), kContext);
    QVERIFY(twice);
    QVERIFY(twice->value(u"sealed") != wrapped->value(u"sealed"));
}

void keyWrapWrongPin(const KeyWrapHooks &hooks)
{
    auto keys = layered(hooks);
    auto wrapped = keys.wrap(SecretBytes::random(crypto::kKeySize), secret("258013"), kContext);
    QVERIFY(wrapped);
    HEARTH_VERIFY_ERROR(keys.unwrap(*wrapped, secret("258014"), kContext), ErrorCode::WrongPin);
}

void keyWrapTampered(const KeyWrapHooks &hooks)
{
    auto keys = layered(hooks);
    auto wrapped = keys.wrap(SecretBytes::random(crypto::kKeySize), secret("258013"), kContext);
    QVERIFY(wrapped);
    const QString sealed = wrapped->value(u"sealed").toString();
    const qsizetype length = QByteArray::fromBase64(sealed.toLatin1()).size();
    // The IV, the middle of the ciphertext and the tag at the end.
    for (qsizetype at : {qsizetype(0), length / 2, length - 1}) {
        QJsonObject tampered = *wrapped;
        tampered[u"sealed"_qs] = QString::fromLatin1(flippedAt(sealed, at));
        HEARTH_VERIFY_ERROR(keys.unwrap(tampered, secret("258013"), kContext), ErrorCode::KeyFileDamaged);
    }
    QJsonObject truncated = *wrapped;
    truncated[u"sealed"_qs] = QString::fromLatin1(QByteArray::fromBase64(sealed.toLatin1()).left(10).toBase64());
    HEARTH_VERIFY_ERROR(keys.unwrap(truncated, secret("258013"), kContext), ErrorCode::KeyFileDamaged);
    QJsonObject otherLayer = *wrapped;
    otherLayer[u"layer"_qs] = u"somebody-elses-keystore"_qs;
    HEARTH_VERIFY_ERROR(keys.unwrap(otherLayer, secret("258013"), kContext), ErrorCode::KeyFileDamaged);
    // The untouched record still opens: a failed attempt changes nothing.
    QVERIFY(keys.unwrap(*wrapped, secret("258013"), kContext));
}

void keyWrapWrongContext(const KeyWrapHooks &hooks)
{
    auto keys = layered(hooks);
    auto wrapped = keys.wrap(SecretBytes::random(crypto::kKeySize), secret("258013"), kContext);
    QVERIFY(wrapped);
    // Copied into another store's key file: refused by the alias...
    HEARTH_VERIFY_ERROR(keys.unwrap(*wrapped, secret("258013"), kOtherContext), ErrorCode::KeyFileDamaged);
    // ...and, with the alias forged to the other store's, by the authenticated context.
    auto other = keys.wrap(SecretBytes::random(crypto::kKeySize), secret("258013"), kOtherContext);
    QVERIFY(other);
    QJsonObject forged = *wrapped;
    forged[u"alias"_qs] = other->value(u"alias").toString();
    HEARTH_VERIFY_ERROR(keys.unwrap(forged, secret("258013"), kOtherContext), ErrorCode::KeyFileDamaged);
}

namespace {

// The device key becomes unusable (`lose`): unwrap says DeviceKeyLost, the next wrap makes a new
// key that works, and the old record stays dead.
void loseThenRewrap(const KeyWrapHooks &hooks, const std::function<void(const QString &)> &lose)
{
    auto keys = layered(hooks);
    const SecretBytes dbKey = SecretBytes::random(crypto::kKeySize);
    auto wrapped = keys.wrap(dbKey, secret("258013"), kContext);
    QVERIFY(wrapped);
    lose(LayeredKeyStore::aliasFor(kContext));
    HEARTH_VERIFY_ERROR(keys.unwrap(*wrapped, secret("258013"), kContext), ErrorCode::DeviceKeyLost);
    auto rewrapped = keys.wrap(dbKey, secret("258013"), kContext);
    QVERIFY(rewrapped);
    auto opened = keys.unwrap(*rewrapped, secret("258013"), kContext);
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().bilingual()));
    QVERIFY(opened->equals(dbKey));
    // The old record stays dead, and says why.
    HEARTH_VERIFY_ERROR(keys.unwrap(*wrapped, secret("258013"), kContext), ErrorCode::DeviceKeyLost);
}

} // namespace

void keyWrapLostKey(const KeyWrapHooks &hooks)
{
    loseThenRewrap(hooks, hooks.forget);
}

void keyWrapInvalidatedKey(const KeyWrapHooks &hooks)
{
    loseThenRewrap(hooks, hooks.invalidate);
}

void keyWrapUnlayeredRecord(const KeyWrapHooks &hooks)
{
    // A store made before the shell had its layer (or by the Linux build) opens with the PIN
    // alone, once, and is sealed at that unlock.
    PinKeyStore pinOnly(crypto::KdfParams::minimal());
    const SecretBytes dbKey = SecretBytes::random(crypto::kKeySize);
    auto plain = pinOnly.wrap(dbKey, secret("258013"), kContext);
    QVERIFY(plain);
    auto keys = layered(hooks);
    QVERIFY(keys.needsRewrap(*plain));
    auto opened = keys.unwrap(*plain, secret("258013"), kContext);
    QVERIFY(opened);
    QVERIFY(opened->equals(dbKey));
    HEARTH_VERIFY_ERROR(keys.unwrap(*plain, secret("000000"), kContext), ErrorCode::WrongPin);
    // A sealed record whose inside is itself a sealed record is refused, not unwrapped twice.
    auto sealed = keys.wrap(dbKey, secret("258013"), kContext);
    QVERIFY(sealed);
    auto device = hooks.make();
    QByteArray nested = QJsonDocument(*sealed).toJson(QJsonDocument::Compact);
    const QString alias = sealed->value(u"alias").toString();
    auto resealed = device->seal(alias, SecretBytes::copyOf(nested), kContext);
    QVERIFY(resealed);
    QJsonObject nestedRecord = *sealed;
    nestedRecord[u"sealed"_qs] = QString::fromLatin1(resealed->toBase64());
    HEARTH_VERIFY_ERROR(keys.unwrap(nestedRecord, secret("258013"), kContext), ErrorCode::KeyFileDamaged);
}

void keyWrapWeakInnerParameters(const KeyWrapHooks &hooks)
{
    // A record sealed by an older build with cheaper Argon2 parameters is rewrapped with this
    // build's after the next unlock, although the parameters hide inside the seal.
    LayeredKeyStore older(hooks.make(), PinKeyStore(crypto::KdfParams::minimal()));
    const SecretBytes dbKey = SecretBytes::random(crypto::kKeySize);
    auto wrapped = older.wrap(dbKey, secret("258013"), kContext);
    QVERIFY(wrapped);
    crypto::KdfParams stronger = crypto::KdfParams::minimal();
    stronger.opsLimit += 1;
    LayeredKeyStore current(hooks.make(), PinKeyStore(stronger));
    QVERIFY(!current.needsRewrap(*wrapped)); // not known before the seal is open
    QVERIFY(current.unwrap(*wrapped, secret("258013"), kContext));
    QVERIFY(current.needsRewrap(*wrapped));
    auto rewrapped = current.wrap(dbKey, secret("258013"), kContext);
    QVERIFY(rewrapped);
    QVERIFY(current.unwrap(*rewrapped, secret("258013"), kContext));
    QVERIFY(!current.needsRewrap(*rewrapped));
    // The same build's records are left alone.
    QVERIFY(!older.needsRewrap(*wrapped));
}

void keyWrapCrashBeforeTheKeyFileIsSaved(const KeyWrapHooks &hooks)
{
    // A PIN change makes a new device key; the app dies before the key file is saved. The key
    // file still holds the old record, and its key must still be there.
    auto keys = layered(hooks);
    const QString prefix = LayeredKeyStore::aliasFor(kContext);
    const SecretBytes dbKey = SecretBytes::random(crypto::kKeySize);
    auto saved = keys.wrap(dbKey, secret("258013"), kContext);
    QVERIFY(saved);
    keys.committed(*saved, kContext);
    QCOMPARE(hooks.count(prefix), 1);
    auto neverSaved = keys.wrap(dbKey, secret("369147"), kContext);
    QVERIFY(neverSaved);
    QCOMPARE(hooks.count(prefix), 2);
    auto opened = layered(hooks).unwrap(*saved, secret("258013"), kContext);
    QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().bilingual()));
    // Opening the saved record commits it: the orphan goes, the saved one stays.
    keys.committed(*saved, kContext);
    QCOMPARE(hooks.count(prefix), 1);
    QVERIFY(keys.unwrap(*saved, secret("258013"), kContext));
    HEARTH_VERIFY_ERROR(keys.unwrap(*neverSaved, secret("369147"), kContext), ErrorCode::DeviceKeyLost);
    // Another store's keys are not touched by this store's pruning.
    auto other = keys.wrap(dbKey, secret("258013"), kOtherContext);
    QVERIFY(other);
    keys.committed(*saved, kContext);
    QVERIFY(keys.unwrap(*other, secret("258013"), kOtherContext));
}

void keyWrapStoreRecovery(const KeyWrapHooks &hooks, const QString &dir)
{
    using storage::Store;
    auto keys = layered(hooks);
    auto created = Store::create(dir, secret("258013"), keys);
    QVERIFY2(created, qPrintable(created ? QString() : created.error().bilingual()));
    const QString code = created->recoveryCode;
    created->store.reset();
    QVERIFY(Store::open(dir, secret("258013"), keys));

    // The phone's screen lock changes: the Keystore drops the key.
    auto kf = Store::lockState(dir);
    QVERIFY(kf);
    const int attemptsBefore = kf->attemptsLeft;
    QJsonObject record = QJsonDocument::fromJson([&] {
        QFile f(dir + u"/hearth.key"_qs);
        f.open(QIODevice::ReadOnly);
        return f.readAll();
    }()).object();
    const QString alias = record.value(u"pin").toObject().value(u"wrap").toObject().value(u"alias").toString();
    QVERIFY(!alias.isEmpty());
    hooks.forget(alias);

    auto lost = Store::open(dir, secret("258013"), keys);
    HEARTH_VERIFY_ERROR(lost, ErrorCode::DeviceKeyLost);
    QVERIFY(lost.error().chinese().contains(u"恢复码"));
    QVERIFY(lost.error().english().contains(u"recovery code"));
    // Nobody guessed a PIN: no attempt was used up.
    QCOMPARE(Store::lockState(dir)->attemptsLeft, attemptsBefore);

    QVERIFY(Store::recover(dir, code, secret("369147"), keys));
    QCOMPARE(hooks.count(alias.section(u'-', 0, -2)), 1); // the new key only: the dead one is pruned
    HEARTH_VERIFY_ERROR(Store::open(dir, secret("258013"), keys), ErrorCode::WrongPin);
    auto reopened = Store::open(dir, secret("369147"), keys);
    QVERIFY2(reopened, qPrintable(reopened ? QString() : reopened.error().bilingual()));
}

} // namespace hearth::test
