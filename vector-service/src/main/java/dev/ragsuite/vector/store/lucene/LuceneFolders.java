package dev.ragsuite.vector.store.lucene;

import dev.ragsuite.vector.store.IndexPointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.jboss.logging.Logger;

/**
 * The folders under the index root: one Lucene index per model, {@code <model>-<dimensions>} (the
 * marker naming the one that serves is the index manager's, beside them).
 *
 * <p><b>Migration.</b> Before re-embedding existed the root itself was the index. Such a root is
 * moved aside ({@code <root>.migrating}, one atomic rename), the root re-created, and the old index
 * renamed into it as {@code <model>-<dimensions>} (taken from its manifest); each step is a rename
 * of a whole folder, and a start-up that finds {@code <root>.migrating} finishes the job. No file is
 * copied or rewritten, so nothing can be lost half-way.
 */
public final class LuceneFolders {

    private static final Logger LOG = Logger.getLogger(LuceneFolders.class);

    private final Path root;

    public LuceneFolders(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The folder name of {@code model}'s index: {@code <model>-<dimensions>}, unsafe characters replaced. */
    public static String indexName(String model, int dimensions) {
        return model.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + dimensions;
    }

    public Path folder(String index) {
        return root.resolve(index);
    }

    /**
     * Moves an index of the single-folder layout into its own sub-folder (see the class comment).
     *
     * @return the moved index, to be recorded as the active one; empty when there was none to move
     */
    public Optional<IndexPointer> migrateLegacy() throws IOException {
        Path staging = root.resolveSibling(root.getFileName() + ".migrating");
        if (!Files.exists(staging) && isLuceneIndex(root)) {
            LOG.infof("Moving the index at %s into the per-model layout", root);
            Files.move(root, staging, StandardCopyOption.ATOMIC_MOVE);
        }
        if (!Files.exists(staging)) {
            return Optional.empty();
        }
        IndexPointer pointer;
        try (Directory directory = FSDirectory.open(staging)) {
            pointer = LuceneManifest.legacy(directory);
        }
        Files.createDirectories(root);
        Path target = folder(pointer.index());
        if (Files.exists(target)) {
            throw new IllegalStateException("cannot migrate " + staging + ": " + target + " already exists; move one of them away");
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        LOG.infof("Index of %s (%d dimensions) now at %s", pointer.model(), pointer.dimensions(), target);
        return Optional.of(pointer);
    }

    /** Deletes an index folder that no longer serves. */
    public void deleteIndex(String index) throws IOException {
        Path folder = folder(index);
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path path : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** The index folders present, by name. */
    public List<String> indexes() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static boolean isLuceneIndex(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(p -> p.getFileName().toString().startsWith("segments_"));
        }
    }
}
