// SPDX-License-Identifier: GPL-3.0-or-later
// Desktop stand-in (tests only).
package android.security.keystore;

public class StrongBoxUnavailableException extends java.security.ProviderException {
    private static final long serialVersionUID = 1L;
    public StrongBoxUnavailableException() {}
}
