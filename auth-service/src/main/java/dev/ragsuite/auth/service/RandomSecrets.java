package dev.ragsuite.auth.service;

import java.security.SecureRandom;

/** Random secrets for people to type or copy: letters and digits only. */
final class RandomSecrets {

    private static final char[] ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomSecrets() {
    }

    /** {@code length} characters from a 57-letter alphabet without look-alikes (24 give about 140 bits). */
    static String password(int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return out.toString();
    }
}
