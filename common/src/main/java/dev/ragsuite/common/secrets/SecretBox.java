package dev.ragsuite.common.secrets;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Secrets at rest: AEAD encryption (Google Tink, AES-256-GCM) under a keyset kept outside the
 * database, in a file that comes from a mounted secret (Kubernetes, Compose) or was generated at
 * first start. The associated data a caller passes binds a ciphertext to where it is stored (for
 * example a row's id and owner): the same ciphertext under other associated data does not decrypt.
 * <p>
 * A keyset holds one primary key, which encrypts, and may hold older enabled keys, which only
 * decrypt until every secret has been re-encrypted under the primary ({@link #isUnderPrimary}),
 * after which {@link KeysetTool} retires them. Every ciphertext starts with the id of the key that
 * made it (Tink's output prefix), so a store can find what still needs re-encrypting.
 * <p>
 * Immutable and thread-safe; a keyset file that is missing, unreadable, malformed or holds
 * anything but AES-256-GCM keys is refused with a {@link SecretKeysetException} that says which and
 * where, never by falling back to plaintext.
 */
public final class SecretBox {

    /** The only key type accepted, for new keys and in loaded keysets. */
    static final com.google.crypto.tink.Parameters KEY_PARAMETERS = PredefinedAeadParameters.AES256_GCM;

    private static final int PREFIX_LENGTH = 5; // 0x01 + 4-byte key id (Tink's TINK output prefix)

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final KeysetHandle keyset;
    private final Aead aead;
    private final Set<Integer> keyIds;

    private SecretBox(KeysetHandle keyset) {
        this.keyset = keyset;
        try {
            this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new SecretKeysetException("The secrets keyset cannot be used for AEAD: " + e.getMessage(), e);
        }
        Set<Integer> ids = new LinkedHashSet<>();
        for (int i = 0; i < keyset.size(); i++) {
            if (keyset.getAt(i).getStatus() == KeyStatus.ENABLED) {
                ids.add(keyset.getAt(i).getId());
            }
        }
        this.keyIds = Collections.unmodifiableSet(ids);
    }

    /** The keyset in {@code file} (Tink's JSON keyset format). */
    public static SecretBox load(Path file) {
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SecretKeysetException("The secrets keyset file " + file + " does not exist. Mount the keyset secret"
                    + " there (RAG_SECRETS_KEYSET_FILE), or generate one with KeysetTool generate (docs/operations.md).");
        } catch (IOException e) {
            throw new SecretKeysetException("The secrets keyset file " + file + " cannot be read: " + e, e);
        }
        return new SecretBox(parse(json, file.toString()));
    }

    /**
     * The keyset in {@code file}, written there first (mode 0600, in a 0700 folder) with one new
     * AES-256-GCM key when the file does not exist yet. For development and first starts on one
     * machine; a deployment mounts its keyset.
     */
    public static SecretBox loadOrGenerate(Path file) {
        if (!Files.exists(file)) {
            try {
                writeNew(file, generate());
            } catch (FileAlreadyExistsException e) {
                // another process made it at the same moment: use theirs
            }
        }
        return load(file);
    }

    /** A keyset of one new AES-256-GCM key (the primary). */
    public static KeysetHandle generate() {
        try {
            return KeysetHandle.generateNew(KEY_PARAMETERS);
        } catch (GeneralSecurityException e) {
            throw new SecretKeysetException("Could not generate a secrets keyset: " + e.getMessage(), e);
        }
    }

    /** A box over an in-memory keyset (tests, {@link KeysetTool}). */
    public static SecretBox of(KeysetHandle keyset) {
        check(keyset, "the given keyset");
        return new SecretBox(keyset);
    }

    /** Encrypts under the primary key, bound to {@code associatedData}. */
    public byte[] encrypt(byte[] plaintext, byte[] associatedData) {
        try {
            return aead.encrypt(plaintext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AEAD encryption failed", e); // AES-GCM encryption does not fail on valid input
        }
    }

    /**
     * Decrypts a ciphertext made by {@link #encrypt} with the same associated data, under any
     * enabled key of the keyset.
     *
     * @throws SecretDecryptionException when the ciphertext was altered, belongs to other associated
     *         data (another row), or was made under a key this keyset does not hold
     */
    public byte[] decrypt(byte[] ciphertext, byte[] associatedData) {
        try {
            return aead.decrypt(ciphertext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new SecretDecryptionException(ciphertext.length >= PREFIX_LENGTH && !keyIds.contains(keyIdOf(ciphertext))
                    ? "The secret was encrypted under key " + Integer.toUnsignedString(keyIdOf(ciphertext))
                            + ", which this keyset does not hold (a wrong or retired keyset?)."
                    : "The secret does not decrypt: altered, or stored for another row.");
        }
    }

    /** The id of the key that encrypts. */
    public int primaryKeyId() {
        return keyset.getPrimary().getId();
    }

    /** The ids of the keys that decrypt (the enabled ones, the primary included). */
    public Set<Integer> keyIds() {
        return keyIds;
    }

    /** Whether this ciphertext was made under the current primary key (if not, re-encrypt it). */
    public boolean isUnderPrimary(byte[] ciphertext) {
        return ciphertext.length >= PREFIX_LENGTH && keyIdOf(ciphertext) == primaryKeyId();
    }

    /** The id of the key a ciphertext of this class was made under. */
    public static int keyIdOf(byte[] ciphertext) {
        if (ciphertext.length < PREFIX_LENGTH || ciphertext[0] != 1) {
            throw new SecretDecryptionException("Not a ciphertext of a secrets keyset.");
        }
        return ByteBuffer.wrap(ciphertext, 1, 4).getInt();
    }

    KeysetHandle keyset() {
        return keyset;
    }

    static KeysetHandle parse(String json, String where) {
        KeysetHandle handle;
        try {
            handle = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SecretKeysetException("The secrets keyset in " + where + " is not a valid Tink JSON keyset: "
                    + e.getMessage(), e);
        }
        check(handle, where);
        return handle;
    }

    private static void check(KeysetHandle handle, String where) {
        for (int i = 0; i < handle.size(); i++) {
            var entry = handle.getAt(i);
            if (!KEY_PARAMETERS.equals(entry.getKey().getParameters())) {
                throw new SecretKeysetException("The secrets keyset in " + where + " holds key "
                        + Integer.toUnsignedString(entry.getId()) + " of another kind (" + entry.getKey().getParameters()
                        + "); only AES-256-GCM keys with Tink's output prefix are accepted.");
            }
        }
    }

    static String serialize(KeysetHandle handle) {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new SecretKeysetException("Could not serialise the secrets keyset: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a keyset to {@code file}: mode 0600 in a 0700 folder, written to a temporary file first
     * and moved into place, so a reader never sees half a keyset.
     *
     * @throws FileAlreadyExistsException when {@code file} exists and {@code replace} is false
     */
    private static void write(Path file, KeysetHandle handle, boolean replace) throws FileAlreadyExistsException {
        Path dir = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            boolean posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
            if (posix) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            Path tmp = posix
                    ? Files.createTempFile(dir, ".keyset", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".keyset", ".tmp");
            try {
                Files.writeString(tmp, serialize(handle), StandardCharsets.UTF_8);
                if (replace) {
                    move(tmp, file);
                } else {
                    Files.createLink(file, tmp); // fails if file exists: no overwrite race
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (IOException e) {
            throw new SecretKeysetException("Could not write the secrets keyset to " + file + ": " + e, e);
        }
    }

    static void writeNew(Path file, KeysetHandle handle) throws FileAlreadyExistsException {
        write(file, handle, false);
    }

    /** Replaces the keyset in {@code file} (atomically, mode 0600). */
    static void replace(Path file, KeysetHandle handle) {
        try {
            write(file, handle, true);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("a replacing write never refuses an existing file", e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
