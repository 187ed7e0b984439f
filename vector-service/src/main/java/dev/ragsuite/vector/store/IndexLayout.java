package dev.ragsuite.vector.store;

import dev.ragsuite.vector.api.ReindexStatus;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.FieldInfos;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.jboss.logging.Logger;

/**
 * The folders under the index root: one Lucene index per model, {@code <model>-<dimensions>}, and
 * the file {@code ACTIVE} naming the one that serves (model, dimensions, folder). {@code ACTIVE} is
 * written to a temporary file, forced to disk and renamed over the old one, so after a crash it
 * names either the old or the new index, never neither. With the Qdrant backend the indexes are
 * collections and the marker is {@code ACTIVE.qdrant} in the same root.
 *
 * <p><b>Migration.</b> Before re-embedding existed the root itself was the index. Such a root is
 * moved aside ({@code <root>.migrating}, one atomic rename), the root re-created, and the old index
 * renamed into it as {@code <model>-<dimensions>} (taken from its manifest); each step is a rename
 * of a whole folder, and a start-up that finds {@code <root>.migrating} finishes the job. No file is
 * copied or rewritten, so nothing can be lost half-way.
 */
public final class IndexLayout {

    static final String POINTER = "ACTIVE";
    /** The model of every index written before the manifest recorded one. */
    static final String LEGACY_MODEL = "all-minilm-l6-v2";
    static final int LEGACY_DIMENSIONS = 384;

    private static final Logger LOG = Logger.getLogger(IndexLayout.class);

    private final Path root;
    private final String pointerFile;

    public IndexLayout(Path root) {
        this(root, POINTER);
    }

    /** @param pointerFile the name of the marker file naming the active index (one per backend) */
    public IndexLayout(Path root, String pointerFile) {
        this.root = root.toAbsolutePath().normalize();
        this.pointerFile = pointerFile;
    }

    /** What {@code ACTIVE} says. */
    public record Pointer(String model, int dimensions, String index) {
    }

    public Path root() {
        return root;
    }

    /** The folder name of {@code model}'s index: {@code <model>-<dimensions>}, unsafe characters replaced. */
    public static String indexName(String model, int dimensions) {
        return model.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + dimensions;
    }

    public Path folder(String index) {
        return root.resolve(index);
    }

    /** Moves an index of the single-folder layout into its own sub-folder (see the class comment). */
    public void migrateLegacy() throws IOException {
        Path staging = root.resolveSibling(root.getFileName() + ".migrating");
        if (!Files.exists(staging) && isLuceneIndex(root)) {
            LOG.infof("Moving the index at %s into the per-model layout", root);
            Files.move(root, staging, StandardCopyOption.ATOMIC_MOVE);
        }
        if (Files.exists(staging)) {
            Pointer pointer = legacyManifest(staging);
            Files.createDirectories(root);
            Path target = folder(pointer.index());
            if (Files.exists(target)) {
                throw new IllegalStateException("cannot migrate " + staging + ": " + target + " already exists; move one of them away");
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            writeActive(pointer);
            LOG.infof("Index of %s (%d dimensions) now at %s", pointer.model(), pointer.dimensions(), target);
        }
    }

    public Optional<Pointer> readActive() {
        Path file = root.resolve(pointerFile);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        String model = props.getProperty("model");
        String dimensions = props.getProperty("dimensions");
        String index = props.getProperty("index");
        if (model == null || dimensions == null || index == null) {
            throw new IllegalStateException(file + " is incomplete (needs model, dimensions and index): " + props);
        }
        return Optional.of(new Pointer(model, Integer.parseInt(dimensions.trim()), index));
    }

    /** Replaces {@code ACTIVE} atomically and durably. */
    public void writeActive(Pointer pointer) throws IOException {
        Files.createDirectories(root);
        Path tmp = root.resolve(pointerFile + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            writePointer(pointer, out);
        }
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(tmp, root.resolve(pointerFile), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Where the outcome of the last completed re-index is kept, so it survives a restart. */
    private static final String LAST_REINDEX = "LAST-REINDEX";

    /** Records a completed re-index (atomically, beside the marker). */
    public void writeLastReindex(ReindexStatus status) throws IOException {
        Files.createDirectories(root);
        Properties props = new Properties();
        props.setProperty("model", status.targetModel());
        props.setProperty("dimensions", Integer.toString(status.targetDimensions()));
        props.setProperty("done", Long.toString(status.done()));
        props.setProperty("total", Long.toString(status.total()));
        props.setProperty("chunks-per-second", Double.toString(status.chunksPerSecond()));
        Path tmp = root.resolve(LAST_REINDEX + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(out, "The last re-index that switched over; reported by GET /internal/v1/reindex after a restart");
        }
        Files.move(tmp, root.resolve(LAST_REINDEX), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The last completed re-index, when one was recorded and the file is readable. */
    public Optional<ReindexStatus> readLastReindex() {
        Path file = root.resolve(LAST_REINDEX);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
            return Optional.of(new ReindexStatus(ReindexStatus.COMPLETED, props.getProperty("model"),
                    Integer.parseInt(props.getProperty("dimensions").trim()), Long.parseLong(props.getProperty("done").trim()),
                    Long.parseLong(props.getProperty("total").trim()),
                    Double.parseDouble(props.getProperty("chunks-per-second").trim()), null));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Ignoring the unreadable %s: %s", file, e.toString());
            return Optional.empty();
        }
    }

    /** The name of the marker file naming the active index. */
    public String pointerFile() {
        return pointerFile;
    }

    /** Writes {@code pointer} in the format of the marker file (also used for the marker in a snapshot). */
    public static void writePointer(Pointer pointer, Writer out) throws IOException {
        Properties props = new Properties();
        props.setProperty("model", pointer.model());
        props.setProperty("dimensions", Integer.toString(pointer.dimensions()));
        props.setProperty("index", pointer.index());
        props.store(out, "The index vector-service serves; replaced atomically when a re-index completes");
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
    public java.util.List<String> indexes() throws IOException {
        if (!Files.isDirectory(root)) {
            return java.util.List.of();
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

    /** Model and dimensions of an index of the old layout: from its manifest, else its vectors, else MiniLM. */
    private static Pointer legacyManifest(Path dir) throws IOException {
        try (Directory directory = FSDirectory.open(dir)) {
            Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
            String model = data.get(LuceneVectorStore.MANIFEST_MODEL);
            if (model == null || LuceneVectorStore.UNNAMED_MODEL.equals(model)) {
                model = LEGACY_MODEL;
            }
            int dimensions = data.containsKey(LuceneVectorStore.MANIFEST_DIMENSIONS)
                    ? Integer.parseInt(data.get(LuceneVectorStore.MANIFEST_DIMENSIONS))
                    : storedDimensions(directory);
            return new Pointer(model, dimensions, indexName(model, dimensions));
        }
    }

    private static int storedDimensions(Directory directory) throws IOException {
        try (DirectoryReader reader = DirectoryReader.open(directory)) {
            FieldInfo vector = FieldInfos.getMergedFieldInfos(reader).fieldInfo(LuceneVectorStore.F_VECTOR);
            return vector == null ? LEGACY_DIMENSIONS : vector.getVectorDimension();
        }
    }
}
