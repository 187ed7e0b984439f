package dev.ragsuite.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;

/**
 * The chunk texts a suite indexed, exactly as vector-service embedded them: a snapshot of its embedded
 * Lucene index ({@code GET /internal/v1/snapshot}, the one {@code ./rag backup} takes), unpacked into a
 * temporary folder, every live chunk that is not staged (its stored {@code text} field). So P2's bare
 * loop embeds the very chunks the suite did, not a re-cut of the files.
 */
final class IndexChunks {

    private IndexChunks() {
    }

    static List<String> read(String vectorUrl, String internalToken) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("rag-bench-index");
        try {
            return texts(unpack(vectorUrl, internalToken, dir));
        } finally {
            delete(dir);
        }
    }

    /**
     * Takes a snapshot of vector-service's active embedded index and unpacks it into {@code dir}; returns the
     * folder holding the Lucene index (P3 reads the chunks and vectors back with vector-service's own store,
     * P4's floor searches it).
     */
    static Path unpack(String vectorUrl, String internalToken, Path dir) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(vectorUrl + "/internal/v1/snapshot"))
                        .header("X-Internal-Token", internalToken).timeout(Duration.ofSeconds(120)).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        Path indexDir = null;
        try (ZipInputStream zip = new ZipInputStream(response.body())) {
            if (response.statusCode() != 200) {
                throw new IOException("GET /internal/v1/snapshot answered " + response.statusCode()
                        + " (only the embedded Lucene index can be read this way)");
            }
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("a snapshot entry outside its folder: " + e.getName());
                }
                if (e.isDirectory()) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                if (target.getFileName().toString().startsWith("segments_")) {
                    indexDir = target.getParent();
                }
            }
        }
        if (indexDir == null) {
            throw new IOException("the snapshot holds no Lucene index (no segments_N file)");
        }
        return indexDir;
    }

    /** Removes a folder and everything in it. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static List<String> texts(Path indexDir) throws IOException {
        List<String> texts = new ArrayList<>();
        try (FSDirectory directory = FSDirectory.open(indexDir); DirectoryReader reader = DirectoryReader.open(directory)) {
            for (LeafReaderContext leaf : reader.leaves()) {
                Bits live = leaf.reader().getLiveDocs();
                NumericDocValues staged = DocValues.getNumeric(leaf.reader(), "staged");
                StoredFields stored = leaf.reader().storedFields();
                for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                    if (live != null && !live.get(doc)) {
                        continue;
                    }
                    if (staged.advanceExact(doc) && staged.longValue() == 1) {
                        continue;
                    }
                    String text = stored.document(doc).get("text");
                    if (text != null) {
                        texts.add(text);
                    }
                }
            }
        }
        return texts;
    }
}
