// SPDX-License-Identifier: GPL-3.0-or-later
package org.hearth.fake;

import android.security.keystore.KeyGenParameterSpec;
import android.security.keystore.StrongBoxUnavailableException;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.InvalidAlgorithmParameterException;
import java.security.Key;
import java.security.KeyStoreSpi;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import javax.crypto.KeyGeneratorSpi;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * A JCA provider registered under Android's name, "AndroidKeyStore" (tests only). It keeps AES
 * keys by alias in memory and can lose or invalidate one, as a new screen lock would. Like the
 * real one it accepts only a KeyGenParameterSpec, and refuses StrongBox when told the phone has
 * none. The key material is a plain SecretKeySpec, so the JDK's own AES-GCM does the sealing.
 */
public final class FakeAndroidKeyStore extends Provider {
    private static final long serialVersionUID = 1L;
    static final Map<String, SecretKey> KEYS = new HashMap<>();
    static final Set<String> INVALIDATED = new HashSet<>();
    public static boolean strongBoxAvailable = false;
    public static KeyGenParameterSpec lastSpec;
    public static int generated;

    public FakeAndroidKeyStore() {
        super("AndroidKeyStore", 1.0, "Hearth's test stand-in for the Android Keystore");
        put("KeyStore.AndroidKeyStore", FakeKeyStoreSpi.class.getName());
        put("KeyGenerator.AES", FakeKeyGeneratorSpi.class.getName());
    }

    public static synchronized void install() {
        if (Security.getProvider("AndroidKeyStore") == null)
            Security.addProvider(new FakeAndroidKeyStore());
    }

    public static synchronized void reset() {
        KEYS.clear();
        INVALIDATED.clear();
        strongBoxAvailable = false;
        lastSpec = null;
        generated = 0;
    }

    public static synchronized void forget(String alias) { KEYS.remove(alias); }
    public static synchronized void invalidate(String alias) { INVALIDATED.add(alias); }
    public static synchronized int keyCount() { return KEYS.size(); }

    public static final class FakeKeyGeneratorSpi extends KeyGeneratorSpi {
        private KeyGenParameterSpec spec;

        @Override protected void engineInit(SecureRandom random) {
            throw new IllegalStateException("the Android Keystore needs a KeyGenParameterSpec");
        }
        @Override protected void engineInit(int keySize, SecureRandom random) {
            throw new IllegalStateException("the Android Keystore needs a KeyGenParameterSpec");
        }
        @Override protected void engineInit(AlgorithmParameterSpec params, SecureRandom random)
                throws InvalidAlgorithmParameterException {
            if (!(params instanceof KeyGenParameterSpec))
                throw new InvalidAlgorithmParameterException("not a KeyGenParameterSpec");
            spec = (KeyGenParameterSpec) params;
            if (spec.keySize != 128 && spec.keySize != 192 && spec.keySize != 256)
                throw new InvalidAlgorithmParameterException("key size");
        }
        @Override protected SecretKey engineGenerateKey() {
            synchronized (FakeAndroidKeyStore.class) {
                lastSpec = spec;
                if (spec.strongBox && !strongBoxAvailable)
                    throw new StrongBoxUnavailableException();
                byte[] bytes = new byte[spec.keySize / 8];
                new SecureRandom().nextBytes(bytes);
                SecretKey key = new SecretKeySpec(bytes, "AES");
                KEYS.put(spec.alias, key);
                INVALIDATED.remove(spec.alias);
                ++generated;
                return key;
            }
        }
    }

    public static final class FakeKeyStoreSpi extends KeyStoreSpi {
        @Override public Key engineGetKey(String alias, char[] password) throws UnrecoverableKeyException {
            synchronized (FakeAndroidKeyStore.class) {
                if (INVALIDATED.contains(alias))
                    throw new UnrecoverableKeyException("Failed to obtain information about key");
                return KEYS.get(alias);
            }
        }
        @Override public void engineDeleteEntry(String alias) {
            synchronized (FakeAndroidKeyStore.class) {
                KEYS.remove(alias);
                INVALIDATED.remove(alias);
            }
        }
        @Override public boolean engineContainsAlias(String alias) {
            synchronized (FakeAndroidKeyStore.class) { return KEYS.containsKey(alias); }
        }
        @Override public Enumeration<String> engineAliases() {
            synchronized (FakeAndroidKeyStore.class) { return Collections.enumeration(new HashSet<>(KEYS.keySet())); }
        }
        @Override public int engineSize() { return keyCount(); }
        @Override public void engineLoad(InputStream stream, char[] password) {}
        @Override public Certificate[] engineGetCertificateChain(String alias) { return null; }
        @Override public Certificate engineGetCertificate(String alias) { return null; }
        @Override public Date engineGetCreationDate(String alias) { return null; }
        @Override public void engineSetKeyEntry(String alias, Key key, char[] password, Certificate[] chain) {
            throw new UnsupportedOperationException("keys are made inside the Keystore");
        }
        @Override public void engineSetKeyEntry(String alias, byte[] key, Certificate[] chain) {
            throw new UnsupportedOperationException("keys are made inside the Keystore");
        }
        @Override public void engineSetCertificateEntry(String alias, Certificate cert) {
            throw new UnsupportedOperationException();
        }
        @Override public boolean engineIsKeyEntry(String alias) { return engineContainsAlias(alias); }
        @Override public boolean engineIsCertificateEntry(String alias) { return false; }
        @Override public String engineGetCertificateAlias(Certificate cert) { return null; }
        @Override public void engineStore(OutputStream stream, char[] password) {
            throw new UnsupportedOperationException();
        }
    }
}
