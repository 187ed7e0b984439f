package dev.ragsuite.common.secrets;

import com.google.crypto.tink.KeysetHandle;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/**
 * Key management of a secrets keyset file, without printing key material (run from a service's
 * class path: {@code java -cp 'ingest-service/target/quarkus-app/lib/main/*' dev.ragsuite.common.secrets.KeysetTool}):
 * <ul>
 * <li>{@code generate FILE}: a new keyset of one AES-256-GCM key (refuses to overwrite);</li>
 * <li>{@code rotate FILE}: adds a new AES-256-GCM key and makes it the primary; the older keys stay,
 * only to decrypt, until every stored secret was re-encrypted under the new one;</li>
 * <li>{@code retire FILE}: removes every key but the primary (only after the re-encryption: a secret
 * still under a removed key can no longer be read, and the service refuses to start);</li>
 * <li>{@code list FILE}: the key ids, which one is primary, their status.</li>
 * </ul>
 * Exit code 0 on success, 1 with a message on standard error otherwise, 2 for a usage error.
 */
public final class KeysetTool {

    private KeysetTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: KeysetTool generate|rotate|retire|list FILE");
            return 2;
        }
        Path file = Path.of(args[1]);
        try {
            switch (args[0]) {
                case "generate" -> {
                    KeysetHandle handle = SecretBox.generate();
                    try {
                        SecretBox.writeNew(file, handle);
                    } catch (FileAlreadyExistsException e) {
                        err.println(file + " already exists; not overwritten");
                        return 1;
                    }
                    out.println("generated " + file + " with primary key " + Integer.toUnsignedString(handle.getPrimary().getId()));
                }
                case "rotate" -> {
                    KeysetHandle rotated = rotate(SecretBox.load(file).keyset());
                    SecretBox.replace(file, rotated);
                    out.println("new primary key " + Integer.toUnsignedString(rotated.getPrimary().getId())
                            + " in " + file + "; older keys kept to decrypt until re-encryption is done");
                }
                case "retire" -> {
                    KeysetHandle retired = retire(SecretBox.load(file).keyset());
                    SecretBox.replace(file, retired);
                    out.println("kept only primary key " + Integer.toUnsignedString(retired.getPrimary().getId()) + " in " + file);
                }
                case "list" -> {
                    KeysetHandle handle = SecretBox.load(file).keyset();
                    for (int i = 0; i < handle.size(); i++) {
                        var entry = handle.getAt(i);
                        out.println(Integer.toUnsignedString(entry.getId()) + " " + entry.getStatus()
                                + (entry.isPrimary() ? " primary" : ""));
                    }
                }
                default -> {
                    err.println("usage: KeysetTool generate|rotate|retire|list FILE");
                    return 2;
                }
            }
            return 0;
        } catch (SecretKeysetException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    /** The keyset with one more AES-256-GCM key, which becomes the primary. */
    static KeysetHandle rotate(KeysetHandle keyset) {
        try {
            return KeysetHandle.newBuilder(keyset)
                    .addEntry(KeysetHandle.generateEntryFromParameters(SecretBox.KEY_PARAMETERS).withRandomId().makePrimary())
                    .build();
        } catch (GeneralSecurityException e) {
            throw new SecretKeysetException("Could not add a key to the keyset: " + e.getMessage(), e);
        }
    }

    /** The keyset with its primary key only. */
    static KeysetHandle retire(KeysetHandle keyset) {
        try {
            KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
            for (int i = builder.size() - 1; i >= 0; i--) {
                if (!builder.getAt(i).isPrimary()) {
                    builder.deleteAt(i);
                }
            }
            return builder.build();
        } catch (GeneralSecurityException e) {
            throw new SecretKeysetException("Could not remove the old keys: " + e.getMessage(), e);
        }
    }
}
