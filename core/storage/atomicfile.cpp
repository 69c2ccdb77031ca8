// SPDX-License-Identifier: GPL-3.0-or-later
#include "atomicfile.h"

#include "core/crypto/sodiuminit.h"


#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

namespace hearth::storage {
namespace {

Result<void> writeAll(int fd, const char *data, qsizetype size, const QString &what)
{
    while (size > 0) {
        const ssize_t n = ::write(fd, data, std::size_t(size));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return errorFromErrno(errno, what);
        }
        data += n;
        size -= n;
    }
    return {};
}

Result<void> syncDirectory(const QString &dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return errorFromErrno(errno, dir);
    const int rc = ::fsync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0 && err != EINVAL) // some file systems cannot sync a directory; nothing to do then
        return errorFromErrno(err, dir);
    return {};
}

} // namespace

Error errorFromErrno(int err, const QString &what)
{
    const QString detail = what + QStringLiteral(": ") + QString::fromLocal8Bit(std::strerror(err));
    switch (err) {
    case ENOSPC:
    case EFBIG:
    case EDQUOT:
        return Error(ErrorCode::DiskFull, detail);
    case EROFS:
    case EACCES:
    case EPERM:
        return Error(ErrorCode::ReadOnly, detail);
    default:
        return Error(ErrorCode::Io, detail);
    }
}

Result<void> writeFileAtomically(const QString &path, const QByteArray &bytes)
{
    const QFileInfo info(path);
    const QString tmp = info.absolutePath() + QStringLiteral("/.") + info.fileName() + QStringLiteral(".tmp");
    const QByteArray tmpName = QFile::encodeName(tmp);
    ::unlink(tmpName.constData()); // a leftover from a crash
    const int fd = ::open(tmpName.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return errorFromErrno(errno, info.absolutePath());
    auto fail = [&](Error e) {
        ::close(fd);
        ::unlink(tmpName.constData());
        return e;
    };
    if (auto r = writeAll(fd, bytes.constData(), bytes.size(), path); !r)
        return fail(r.error());
    if (::fsync(fd) != 0)
        return fail(errorFromErrno(errno, path));
    if (::close(fd) != 0) {
        const int err = errno;
        ::unlink(tmpName.constData());
        return errorFromErrno(err, path);
    }
    if (::rename(tmpName.constData(), QFile::encodeName(path).constData()) != 0) {
        const int err = errno;
        ::unlink(tmpName.constData());
        return errorFromErrno(err, path);
    }
    return syncDirectory(info.absolutePath());
}

Result<void> destroyFile(const QString &path)
{
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        const qsizetype size = QFileInfo(path).size();
        ensureSodium();
        QByteArray noise(qMax<qsizetype>(size, 1), Qt::Uninitialized);
        randombytes_buf(noise.data(), std::size_t(noise.size()));
        (void)writeAll(fd, noise.constData(), noise.size(), path);
        ::fsync(fd);
        ::close(fd);
    }
    if (::unlink(name.constData()) != 0 && errno != ENOENT)
        return errorFromErrno(errno, path);
    return syncDirectory(QFileInfo(path).absolutePath());
}

} // namespace hearth::storage
