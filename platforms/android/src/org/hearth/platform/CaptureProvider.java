// SPDX-License-Identifier: GPL-3.0-or-later
package org.hearth.platform;

import android.content.ContentProvider;
import android.content.ContentValues;
import android.content.Context;
import android.content.Intent;
import android.database.Cursor;
import android.net.Uri;
import android.os.ParcelFileDescriptor;
import android.provider.MediaStore;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;

/**
 * The file provider for the phone's own camera app, used only when the in-app viewfinder (Qt
 * Multimedia) cannot run. It serves exactly one file, {@code capture.jpg} in the app's no-backup
 * directory, only to the camera app the intent grants, and only in modes that truncate it first;
 * no other path exists. C++ takes the bytes with {@link #takeCapture}, which overwrites and removes
 * the file at once, then encrypts the photo into the media store (docs/platforms.md says how
 * long the plaintext lives and why this path is the fallback, not the default).
 * Platform API only: no androidx FileProvider.
 */
public final class CaptureProvider extends ContentProvider {
    public static final String AUTHORITY_SUFFIX = ".capture";
    static final String NAME = "capture.jpg";
    static final long MAX_BYTES = 32L * 1024 * 1024;

    @Override
    public boolean onCreate() {
        return true;
    }

    public static File captureFile(Context context) {
        File dir = new File(context.getNoBackupFilesDir(), "capture");
        if (!dir.isDirectory() && !dir.mkdirs())
            return null;
        return new File(dir, NAME);
    }

    public static Uri captureUri(Context context) {
        return new Uri.Builder().scheme("content").authority(context.getPackageName() + AUTHORITY_SUFFIX)
                .appendPath(NAME).build();
    }

    /** The intent for the camera app: write one JPEG to our file, with a one-time write grant. */
    public static Intent captureIntent(Context context) {
        Intent intent = new Intent(MediaStore.ACTION_IMAGE_CAPTURE);
        intent.putExtra(MediaStore.EXTRA_OUTPUT, captureUri(context));
        // Read too: some camera apps open the file "rw", which Android checks against both grants.
        intent.addFlags(Intent.FLAG_GRANT_WRITE_URI_PERMISSION | Intent.FLAG_GRANT_READ_URI_PERMISSION);
        return intent;
    }

    /**
     * What the camera wrote, or null; the file is overwritten with zeros and removed either way.
     * Also called once at start-up, to shred a capture left by an app that died mid-capture.
     */
    public static byte[] takeCapture(Context context) throws IOException {
        File file = captureFile(context);
        if (file == null || !file.exists())
            return null;
        try (RandomAccessFile raf = new RandomAccessFile(file, "rw")) {
            long length = raf.length();
            if (length <= 0 || length > MAX_BYTES)
                return null;
            byte[] bytes = new byte[(int) length];
            raf.readFully(bytes);
            raf.seek(0);
            byte[] zeros = new byte[8192];
            for (long left = length; left > 0; left -= zeros.length)
                raf.write(zeros, 0, (int) Math.min(zeros.length, left));
            raf.getFD().sync();
            return bytes;
        } finally {
            file.delete();
        }
    }

    @Override
    public ParcelFileDescriptor openFile(Uri uri, String mode) throws FileNotFoundException {
        if (uri.getPathSegments().size() != 1 || !NAME.equals(uri.getLastPathSegment()))
            throw new FileNotFoundException("no such file");
        // Camera apps open the file "w", "wt", "rw" or "rwt"; nothing else (no append, no read-only).
        if (!"w".equals(mode) && !"wt".equals(mode) && !"rw".equals(mode) && !"rwt".equals(mode))
            throw new FileNotFoundException("write modes only");
        File file = captureFile(getContext());
        if (file == null)
            throw new FileNotFoundException("no capture directory");
        int access = mode.startsWith("rw") ? ParcelFileDescriptor.MODE_READ_WRITE : ParcelFileDescriptor.MODE_WRITE_ONLY;
        return ParcelFileDescriptor.open(file, access | ParcelFileDescriptor.MODE_CREATE | ParcelFileDescriptor.MODE_TRUNCATE);
    }

    @Override
    public String getType(Uri uri) {
        return "image/jpeg";
    }

    @Override
    public Cursor query(Uri uri, String[] projection, String selection, String[] args, String sortOrder) {
        return null;
    }

    @Override
    public Uri insert(Uri uri, ContentValues values) {
        return null;
    }

    @Override
    public int delete(Uri uri, String selection, String[] args) {
        return 0;
    }

    @Override
    public int update(Uri uri, ContentValues values, String selection, String[] args) {
        return 0;
    }
}
