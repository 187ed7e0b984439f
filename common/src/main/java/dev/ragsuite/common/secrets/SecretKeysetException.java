package dev.ragsuite.common.secrets;

/** The secrets keyset is missing, unreadable or unusable; the message says which and where (never key material). */
public class SecretKeysetException extends RuntimeException {

    public SecretKeysetException(String message) {
        super(message);
    }

    public SecretKeysetException(String message, Throwable cause) {
        super(message, cause);
    }
}
