package dev.ragsuite.ingest.documents;

import dev.ragsuite.ingest.config.IngestConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The uploaded bytes, one file per document version under {@code rag.ingest.storage-dir}, named by
 * a server-chosen UUID (the storage key kept in the documents row; for a document's first version
 * it is the document id) and nothing else. All methods block: call them off the event loop.
 */
@Startup // creates the storage directory at boot: a bad path fails fast
@Singleton
public class DocumentStorage {

    private static final Logger LOG = Logger.getLogger(DocumentStorage.class);

    private final Path dir;

    public DocumentStorage(IngestConfig config) {
        this.dir = config.storageDir().toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the upload storage directory " + dir, e);
        }
    }

    public Path directory() {
        return dir;
    }

    public Path pathOf(UUID storageKey) {
        return dir.resolve(storageKey.toString());
    }

    /** The file of a storage key as kept in the documents row; only server-made UUIDs are valid keys. */
    public Path pathOf(String storageKey) {
        return pathOf(UUID.fromString(storageKey));
    }

    /**
     * Copies {@code source} into storage as {@code <documentId>}, hashing on the way. The copy is
     * written to a temporary name first and moved into place, so a crash never leaves a partial file
     * under a document's name.
     */
    public StoredFile store(UUID documentId, Path source) throws IOException {
        try (InputStream in = Files.newInputStream(source)) {
            return store(documentId, in);
        }
    }

    /** {@link #store(UUID, Path)} from a stream (a connector's rendered item); the caller closes it. */
    public StoredFile store(UUID documentId, InputStream source) throws IOException {
        Path target = pathOf(documentId);
        Path partial = dir.resolve(documentId + ".part");
        MessageDigest sha256 = sha256();
        long size;
        try (InputStream in = new DigestInputStream(source, sha256);
                OutputStream out = Files.newOutputStream(partial)) {
            size = in.transferTo(out);
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        return new StoredFile(size, HexFormat.of().formatHex(sha256.digest()));
    }

    /** Removes a document's bytes; a missing file is fine, a failure is logged, never thrown. */
    public void deleteQuietly(UUID storageKey) {
        try {
            Files.deleteIfExists(pathOf(storageKey));
        } catch (IOException e) {
            LOG.warnf("Could not delete the stored file %s: %s", storageKey, e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
