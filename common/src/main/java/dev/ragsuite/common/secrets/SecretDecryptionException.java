package dev.ragsuite.common.secrets;

/**
 * A stored secret does not decrypt: altered, copied from another row (other associated data), or
 * made under a key the keyset does not hold. The message never contains the secret or the key.
 */
public class SecretDecryptionException extends RuntimeException {

    public SecretDecryptionException(String message) {
        super(message);
    }
}
