// SPDX-License-Identifier: GPL-3.0-or-later
package org.hearth.platform;

import android.security.keystore.KeyGenParameterSpec;
import android.security.keystore.KeyPermanentlyInvalidatedException;
import android.security.keystore.KeyProperties;
import android.security.keystore.StrongBoxUnavailableException;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;
import java.util.Collections;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The Android Keystore half of the phone's key wrap (platforms/android/jni/keystorewrap.cpp is
 * the other). One AES-256-GCM key per store, made inside the Keystore (StrongBox where the phone
 * has one) and never exported; it seals the PIN wrap of the database key.
 *
 * Sealed form: 12-byte IV (chosen by the Keystore, which refuses caller IVs) + ciphertext + tag.
 * Failures reach C++ as {@link Failure} with a code, never with a message that could hold data.
 */
public final class KeystoreWrap {
    public static final String PROVIDER = "AndroidKeyStore";
    public static final int LOST = 1;    // the key is gone or invalidated: the recovery code opens the store
    public static final int DAMAGED = 2; // the sealed bytes or the context do not match
    public static final int FAILED = 3;  // the key store itself failed

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        public final int code;

        Failure(int code, String what) {
            super(what);
            this.code = code;
        }
    }

    private KeystoreWrap() {}

    /**
     * Seals {@code plain} under {@code alias}, making that key when there is none. An existing
     * key is never deleted or replaced here (a key the key file may still need): C++ gives every
     * wrap a new alias and removes old ones with {@link #prune} once the key file has moved on.
     */
    public static byte[] seal(String alias, byte[] plain, byte[] aad) throws Failure {
        try {
            SecretKey key = existingKey(alias);
            if (key == null)
                key = createKey(alias);
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key);
            cipher.updateAAD(aad);
            byte[] iv = cipher.getIV();
            byte[] body = cipher.doFinal(plain);
            if (iv == null || iv.length != IV_BYTES)
                throw new Failure(FAILED, "unexpected IV length");
            byte[] sealed = new byte[IV_BYTES + body.length];
            System.arraycopy(iv, 0, sealed, 0, IV_BYTES);
            System.arraycopy(body, 0, sealed, IV_BYTES, body.length);
            return sealed;
        } catch (KeyPermanentlyInvalidatedException e) {
            throw new Failure(LOST, "invalidated");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new Failure(FAILED, e.getClass().getName());
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** Opens what {@link #seal} made; {@link #LOST} when the key cannot be used any more. */
    public static byte[] open(String alias, byte[] sealed, byte[] aad) throws Failure {
        if (sealed.length < IV_BYTES + TAG_BITS / 8)
            throw new Failure(DAMAGED, "too short");
        try {
            SecretKey key = existingKey(alias);
            if (key == null)
                throw new Failure(LOST, "no such key");
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            cipher.updateAAD(aad);
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (KeyPermanentlyInvalidatedException e) {
            throw new Failure(LOST, "invalidated");
        } catch (AEADBadTagException e) {
            throw new Failure(DAMAGED, "tag");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new Failure(FAILED, e.getClass().getName());
        }
    }

    /** Removes the keys whose alias starts with {@code prefix}, except {@code keep}. */
    public static void prune(String prefix, String keep) throws Failure {
        try {
            KeyStore store = openStore();
            for (String alias : Collections.list(store.aliases())) {
                if (alias.startsWith(prefix) && !alias.equals(keep))
                    store.deleteEntry(alias);
            }
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new Failure(FAILED, e.getClass().getName());
        }
    }

    /** The key named {@code alias}, or null; {@link #LOST} when the Keystore cannot give it now. */
    private static SecretKey existingKey(String alias) throws Failure, GeneralSecurityException, java.io.IOException {
        try {
            return (SecretKey) openStore().getKey(alias, null);
        } catch (UnrecoverableKeyException e) {
            throw new Failure(LOST, "unrecoverable"); // nothing is deleted: it may work again later
        }
    }

    private static KeyStore openStore() throws GeneralSecurityException, java.io.IOException {
        KeyStore store = KeyStore.getInstance(PROVIDER);
        store.load(null);
        return store;
    }

    private static SecretKey createKey(String alias) throws GeneralSecurityException {
        try {
            return generate(alias, true);
        } catch (StrongBoxUnavailableException e) {
            // Most phones have a TEE but no StrongBox: the TEE key is still hardware-held.
            return generate(alias, false);
        }
    }

    private static SecretKey generate(String alias, boolean strongBox) throws GeneralSecurityException {
        KeyGenParameterSpec.Builder spec = new KeyGenParameterSpec.Builder(
                alias, KeyProperties.PURPOSE_ENCRYPT | KeyProperties.PURPOSE_DECRYPT)
                .setBlockModes(KeyProperties.BLOCK_MODE_GCM)
                .setEncryptionPaddings(KeyProperties.ENCRYPTION_PADDING_NONE)
                .setKeySize(256)
                .setRandomizedEncryptionRequired(true)
                .setIsStrongBoxBacked(strongBox)
                // Usable only while the phone is unlocked: a phone in a drawer cannot be made to unwrap.
                .setUnlockedDeviceRequired(true);
        KeyGenerator generator = KeyGenerator.getInstance(KeyProperties.KEY_ALGORITHM_AES, PROVIDER);
        generator.init(spec.build());
        return generator.generateKey();
    }
}
