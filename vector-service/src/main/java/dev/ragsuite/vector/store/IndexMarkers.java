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
import java.util.Optional;
import java.util.Properties;
import org.jboss.logging.Logger;

/**
 * The marker files in the index root: {@code ACTIVE} (with the Qdrant backend {@code ACTIVE.qdrant})
 * naming the index that serves (model, dimensions, index name), and {@code LAST-REINDEX}, the outcome
 * of the last re-index that switched over. Each is written to a temporary file and renamed over the
 * old one ({@code ACTIVE} forced to disk first), so after a crash it names either the old or the new
 * index, never neither.
 */
public final class IndexMarkers {

    private static final Logger LOG = Logger.getLogger(IndexMarkers.class);
    /** Where the outcome of the last completed re-index is kept, so it survives a restart. */
    private static final String LAST_REINDEX = "LAST-REINDEX";

    private final Path root;
    private final String pointerFile;

    /** @param pointerFile the name of the marker file naming the active index (one per backend) */
    public IndexMarkers(Path root, String pointerFile) {
        this.root = root.toAbsolutePath().normalize();
        this.pointerFile = pointerFile;
    }

    public Path root() {
        return root;
    }

    public Optional<IndexPointer> readActive() {
        Path file = root.resolve(pointerFile);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties props;
        try {
            props = load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        String model = props.getProperty("model");
        String dimensions = props.getProperty("dimensions");
        String index = props.getProperty("index");
        if (model == null || dimensions == null || index == null) {
            throw new IllegalStateException(file + " is incomplete (needs model, dimensions and index): " + props);
        }
        return Optional.of(new IndexPointer(model, Integer.parseInt(dimensions.trim()), index));
    }

    /** Replaces {@code ACTIVE} atomically and durably. */
    public void writeActive(IndexPointer pointer) throws IOException {
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
        try {
            Properties props = load(file);
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
    public static void writePointer(IndexPointer pointer, Writer out) throws IOException {
        Properties props = new Properties();
        props.setProperty("model", pointer.model());
        props.setProperty("dimensions", Integer.toString(pointer.dimensions()));
        props.setProperty("index", pointer.index());
        props.store(out, "The index vector-service serves; replaced atomically when a re-index completes");
    }

    private static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        }
        return props;
    }
}
