// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only): records what the production code asked for, so the test can
// check the key's purposes, mode, size and hardware wishes.
package android.security.keystore;

import java.security.spec.AlgorithmParameterSpec;

public final class KeyGenParameterSpec implements AlgorithmParameterSpec {
    public final String alias;
    public final int purposes;
    public final String[] blockModes;
    public final String[] paddings;
    public final int keySize;
    public final boolean randomized;
    public final boolean strongBox;
    public final boolean unlockedDeviceRequired;

    private KeyGenParameterSpec(Builder b) {
        alias = b.alias;
        purposes = b.purposes;
        blockModes = b.blockModes;
        paddings = b.paddings;
        keySize = b.keySize;
        randomized = b.randomized;
        strongBox = b.strongBox;
        unlockedDeviceRequired = b.unlockedDeviceRequired;
    }

    public String getKeystoreAlias() { return alias; }
    public int getKeySize() { return keySize; }
    public boolean isStrongBoxBacked() { return strongBox; }

    public static final class Builder {
        private final String alias;
        private final int purposes;
        private String[] blockModes = new String[0];
        private String[] paddings = new String[0];
        private int keySize = -1;
        private boolean randomized = true;
        private boolean strongBox;
        private boolean unlockedDeviceRequired;

        public Builder(String alias, int purposes) {
            this.alias = alias;
            this.purposes = purposes;
        }
        public Builder setBlockModes(String... modes) { blockModes = modes; return this; }
        public Builder setEncryptionPaddings(String... p) { paddings = p; return this; }
        public Builder setKeySize(int size) { keySize = size; return this; }
        public Builder setRandomizedEncryptionRequired(boolean r) { randomized = r; return this; }
        public Builder setIsStrongBoxBacked(boolean s) { strongBox = s; return this; }
        public Builder setUnlockedDeviceRequired(boolean u) { unlockedDeviceRequired = u; return this; }
        public KeyGenParameterSpec build() { return new KeyGenParameterSpec(this); }
    }
}
