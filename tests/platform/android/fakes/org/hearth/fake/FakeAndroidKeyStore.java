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

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.spec.InvalidParameterSpecException;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.CipherSpi;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.KeyGeneratorSpi;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.SecretKey;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import android.security.keystore.KeyPermanentlyInvalidatedException;

/**
 * A JCA provider registered under Android's name, "AndroidKeyStore" (tests only). Like the real
 * one: keys are made only from a KeyGenParameterSpec and never leave it (the key objects carry no
 * encoding, so only this provider's Cipher takes them, through JCA's provider selection); the
 * Cipher refuses caller IVs for encryption and throws KeyPermanentlyInvalidatedException at init
 * for an invalidated key (a new screen lock); StrongBox is refused when the phone has none; and
 * getKey can fail with UnrecoverableKeyException, as some phones do for a passing fault. The
 * AES-GCM itself is the JDK's.
 */
public final class FakeAndroidKeyStore extends Provider {
    private static final long serialVersionUID = 1L;
    static final Map<String, FakeKeystoreKey> KEYS = new HashMap<>();
    static final Set<String> INVALIDATED = new HashSet<>();
    static final Set<String> BROKEN = new HashSet<>();
    public static boolean strongBoxAvailable = false;
    public static KeyGenParameterSpec lastSpec;
    public static int generated;

    public FakeAndroidKeyStore() {
        super("AndroidKeyStore", 1.0, "Hearth's test stand-in for the Android Keystore");
        put("KeyStore.AndroidKeyStore", FakeKeyStoreSpi.class.getName());
        put("KeyGenerator.AES", FakeKeyGeneratorSpi.class.getName());
        put("Cipher.AES/GCM/NoPadding", FakeCipherSpi.class.getName());
        put("Cipher.AES/GCM/NoPadding SupportedKeyClasses", FakeKeystoreKey.class.getName());
    }

    public static synchronized void install() {
        if (Security.getProvider("AndroidKeyStore") == null)
            Security.addProvider(new FakeAndroidKeyStore()); // last: the JDK's come first, as on a phone
    }

    public static synchronized void reset() {
        KEYS.clear();
        INVALIDATED.clear();
        BROKEN.clear();
        strongBoxAvailable = false;
        lastSpec = null;
        generated = 0;
    }

    // By alias prefix: a store's keys are "hearth-db-<store>-<generation>".
    public static synchronized void forget(String prefix) { KEYS.keySet().removeIf(a -> a.startsWith(prefix)); }
    public static synchronized void invalidate(String prefix) { matching(prefix, INVALIDATED); }
    public static synchronized void breakKeys(String prefix, boolean broken) {
        if (broken)
            matching(prefix, BROKEN);
        else
            BROKEN.removeIf(a -> a.startsWith(prefix));
    }
    private static void matching(String prefix, Set<String> into) {
        for (String alias : KEYS.keySet())
            if (alias.startsWith(prefix))
                into.add(alias);
    }

    /** A key that stays inside the key store: no encoding, so only FakeCipherSpi uses it. */
    static final class FakeKeystoreKey implements SecretKey {
        private static final long serialVersionUID = 1L;
        final String alias;
        final transient byte[] material;

        FakeKeystoreKey(String alias, byte[] material) {
            this.alias = alias;
            this.material = material;
        }
        @Override public String getAlgorithm() { return "AES"; }
        @Override public String getFormat() { return null; }
        @Override public byte[] getEncoded() { return null; }
    }
    public static synchronized int keyCount() { return KEYS.size(); }
    public static synchronized int keyCount(String prefix) {
        int n = 0;
        for (String alias : KEYS.keySet())
            if (alias.startsWith(prefix))
                ++n;
        return n;
    }

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
                FakeKeystoreKey key = new FakeKeystoreKey(spec.alias, bytes);
                KEYS.put(spec.alias, key);
                INVALIDATED.remove(spec.alias);
                BROKEN.remove(spec.alias);
                ++generated;
                return key;
            }
        }
    }

    public static final class FakeKeyStoreSpi extends KeyStoreSpi {
        @Override public Key engineGetKey(String alias, char[] password) throws UnrecoverableKeyException {
            synchronized (FakeAndroidKeyStore.class) {
                if (BROKEN.contains(alias))
                    throw new UnrecoverableKeyException("Failed to obtain information about key");
                return KEYS.get(alias);
            }
        }
        @Override public void engineDeleteEntry(String alias) {
            synchronized (FakeAndroidKeyStore.class) {
                KEYS.remove(alias);
                INVALIDATED.remove(alias);
                BROKEN.remove(alias);
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

    public static final class FakeCipherSpi extends CipherSpi {
        private Cipher delegate;

        @Override protected void engineSetMode(String mode) throws NoSuchAlgorithmException {
            if (!"GCM".equalsIgnoreCase(mode))
                throw new NoSuchAlgorithmException(mode);
        }
        @Override protected void engineSetPadding(String padding) throws NoSuchPaddingException {
            if (!"NoPadding".equalsIgnoreCase(padding))
                throw new NoSuchPaddingException(padding);
        }
        @Override protected int engineGetBlockSize() { return 16; }
        @Override protected int engineGetOutputSize(int length) { return delegate.getOutputSize(length); }
        @Override protected byte[] engineGetIV() { return delegate == null ? null : delegate.getIV(); }
        @Override protected AlgorithmParameters engineGetParameters() {
            return delegate == null ? null : delegate.getParameters();
        }
        @Override protected void engineInit(int mode, Key key, SecureRandom random) throws InvalidKeyException {
            try {
                init(mode, key, null);
            } catch (InvalidAlgorithmParameterException e) {
                throw new InvalidKeyException(e);
            }
        }
        @Override protected void engineInit(int mode, Key key, AlgorithmParameterSpec spec, SecureRandom random)
                throws InvalidKeyException, InvalidAlgorithmParameterException {
            init(mode, key, spec);
        }
        @Override protected void engineInit(int mode, Key key, AlgorithmParameters params, SecureRandom random)
                throws InvalidKeyException, InvalidAlgorithmParameterException {
            try {
                init(mode, key, params == null ? null : params.getParameterSpec(GCMParameterSpec.class));
            } catch (InvalidParameterSpecException e) {
                throw new InvalidAlgorithmParameterException(e);
            }
        }
        private void init(int mode, Key key, AlgorithmParameterSpec spec)
                throws InvalidKeyException, InvalidAlgorithmParameterException {
            if (!(key instanceof FakeKeystoreKey))
                throw new InvalidKeyException("not an Android Keystore key");
            FakeKeystoreKey k = (FakeKeystoreKey) key;
            synchronized (FakeAndroidKeyStore.class) {
                if (INVALIDATED.contains(k.alias))
                    throw new KeyPermanentlyInvalidatedException();
            }
            if (mode == Cipher.ENCRYPT_MODE && spec != null)
                throw new InvalidAlgorithmParameterException("Caller-provided IV not permitted");
            try {
                delegate = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            } catch (GeneralSecurityException e) {
                throw new InvalidKeyException(e);
            }
            SecretKeySpec raw = new SecretKeySpec(k.material, "AES");
            if (spec == null)
                delegate.init(mode, raw);
            else
                delegate.init(mode, raw, spec);
        }
        @Override protected void engineUpdateAAD(byte[] src, int offset, int length) {
            delegate.updateAAD(src, offset, length);
        }
        @Override protected byte[] engineUpdate(byte[] in, int offset, int length) {
            return delegate.update(in, offset, length);
        }
        @Override protected int engineUpdate(byte[] in, int offset, int length, byte[] out, int outOffset)
                throws ShortBufferException {
            return delegate.update(in, offset, length, out, outOffset);
        }
        @Override protected byte[] engineDoFinal(byte[] in, int offset, int length)
                throws IllegalBlockSizeException, BadPaddingException {
            return delegate.doFinal(in, offset, length);
        }
        @Override protected int engineDoFinal(byte[] in, int offset, int length, byte[] out, int outOffset)
                throws ShortBufferException, IllegalBlockSizeException, BadPaddingException {
            return delegate.doFinal(in, offset, length, out, outOffset);
        }
    }
}
