package dev.ragsuite.vector.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.embedding.ChunkInput;
import dev.ragsuite.vector.embedding.Embedder;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import dev.ragsuite.vector.support.HashingEmbedder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link IndexManager#snapshot}: a copy taken while writes go on opens as a complete, consistent index. */
class IndexSnapshotTest {

    private static final String OWNER = "alice";

    @TempDir
    Path live;

    @TempDir
    Path restored;

    private final Embedder model = new HashingEmbedder("model-a", 64);

    @Test
    void aSnapshotTakenDuringWritesRestoresEveryWriteAcknowledgedBeforeIt() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long before;
        long after;
        try (IndexManager manager = IndexManager.open(live, "model-a", name -> model, FusionSettings.DEFAULTS, 16, false)) {
            for (int d = 0; d < 5; d++) {
                write(manager, "before" + d);
            }
            before = manager.size();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                int n = 0;
                try {
                    while (!stop.get()) {
                        write(manager, "during" + n++);
                    }
                } catch (RuntimeException e) {
                    failure.set(e);
                }
            });
            writer.start();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                manager.snapshot(zip);
            }
            stop.set(true);
            writer.join();
            assertEquals(null, failure.get(), "writes during the snapshot must not fail");
            after = manager.size();
        }

        List<String> entries = unzip(bytes.toByteArray(), restored);
        assertTrue(entries.contains("ACTIVE"), "the snapshot names its index: " + entries);
        assertTrue(entries.stream().anyMatch(e -> e.startsWith("model-a-64/segments_")), "one Lucene commit: " + entries);
        try (IndexManager copy = IndexManager.open(restored, "model-a", name -> model, FusionSettings.DEFAULTS, 16, false)) {
            long size = copy.size();
            assertTrue(size >= before && size <= after, "restored " + size + " chunks; before " + before + ", after " + after);
            assertEquals(0, size % 4, "whole documents only (4 chunks each, one commit per write): " + size);
            for (int d = 0; d < 5; d++) {
                String word = "before" + d;
                assertTrue(copy.search(OWNER, word, 5, RetrievalMode.BM25).stream().anyMatch(h -> h.text().contains(word)),
                        "finds " + word);
            }
        }
    }

    private static void write(IndexManager manager, String word) {
        UUID doc = UUID.randomUUID();
        List<ChunkInput> chunks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chunks.add(new ChunkInput(doc + ":" + i, i, "chunk " + i + " about " + word + " filler", null, null, "c1", null));
        }
        manager.write(OWNER, doc, word + ".txt", null, chunks);
    }

    private static List<String> unzip(byte[] zip, Path into) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                names.add(entry.getName());
                Path target = into.resolve(entry.getName());
                Files.createDirectories(target.getParent());
                Files.copy(in, target);
            }
        }
        return names;
    }
}
