package dev.ragsuite.vector.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.testing.RagTestEnvironment;
import dev.ragsuite.vector.api.ReindexStatus;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.embedding.ChunkInput;
import dev.ragsuite.vector.embedding.InProcessModel;
import dev.ragsuite.vector.embedding.provider.EmbedderRegistry;
import dev.ragsuite.vector.store.ScoredChunk;
import dev.ragsuite.vector.store.VectorStore;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import dev.ragsuite.vector.support.FiveFacts;
import dev.ragsuite.vector.support.TestIndexes;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Switching between two real in-process models: all-MiniLM-L6-v2 to bge-small-en-v1.5 (quantised).
 * Kept small (the models take seconds to load on two shared cores); prints the re-embedding rate.
 * A Quarkus test only because the models come from the application's {@link EmbedderRegistry}: the
 * tokenizer's native library can be loaded by one class loader per JVM, and the other Quarkus tests
 * load it in the application's.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
class RealModelReindexTest {

    @Inject
    EmbedderRegistry registry;

    @TempDir
    Path root;

    private static final List<String> FACTS = FiveFacts.SENTENCES;

    @Test
    void everyChunkIsSearchableUnderTheNewRealModelAfterTheSwitch() throws Exception {
        UUID doc = UUID.randomUUID();
        UUID filler = UUID.randomUUID();
        try (IndexManager before = IndexManager.open(root, "all-minilm-l6-v2", registry,
                FusionSettings.DEFAULTS, 32, false)) {
            List<ChunkInput> chunks = new ArrayList<>();
            for (int i = 0; i < FACTS.size(); i++) {
                chunks.add(new ChunkInput(doc + ":" + i, i, FACTS.get(i), null, null, "c1", null));
            }
            before.write("alice", doc, "facts.txt", null, chunks);
            List<ChunkInput> more = new ArrayList<>();
            for (int i = 0; i < 91; i++) {
                more.add(new ChunkInput(filler + ":" + i, i, "Filler paragraph number " + i
                        + " about harbours, lighthouses and the ships that pass them at night.", null, null, "c1", null));
            }
            before.write("alice", filler, "filler.txt", 2, more); // staged
            assertEquals("all-minilm-l6-v2", before.model());
        }

        try (IndexManager after = IndexManager.open(root, "bge-small-en-v1.5-q", registry,
                FusionSettings.DEFAULTS, 32, false)) {
            TestIndexes.awaitReindex(after, ReindexStatus.COMPLETED, Duration.ofSeconds(120),
                    running -> assertEquals(ReindexStatus.RUNNING, running.state(), "re-index: " + running));
            ReindexStatus status = after.reindexStatus();
            assertEquals(ReindexStatus.COMPLETED, status.state(), status.toString());
            System.out.printf("Re-embedded %d chunks all-minilm-l6-v2 -> bge-small-en-v1.5-q at %.1f chunks/s%n",
                    status.done(), status.chunksPerSecond());
            assertEquals("bge-small-en-v1.5-q", after.model());
            assertEquals("bge-small-en-v1.5-q-384", after.index());
            assertEquals(96, after.size());
            assertEquals(new VectorStore.Stats(91, 91, 91), after.stats("alice", filler));

            List<ScoredChunk> hits = after.search("alice", "In what year did Tesla die?", 3, RetrievalMode.HYBRID);
            assertEquals(doc + ":1", hits.get(0).chunkId());
            assertTrue(after.search("alice", "How do plants turn sunlight into sugar?", 1, RetrievalMode.HYBRID).get(0).text().contains("Photosynthesis"));
            assertTrue(after.search("alice", "Which war ended with a peace treaty?", 1, RetrievalMode.HYBRID).get(0).text().contains("Westphalia"));
        }
    }

    /** A configured model that is not bundled stops the start-up with the list of known ones. */
    @Test
    void anUnknownConfiguredModelIsRefusedWithTheKnownOnes() {
        IllegalStateException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> InProcessModel.require("text-embedding-3-large"));
        assertTrue(refused.getMessage().contains("rag.vector.embedding.model=text-embedding-3-large"), refused.getMessage());
        assertTrue(refused.getMessage().contains("bge-small-en-v1.5-q"), refused.getMessage());
        assertTrue(refused.getMessage().contains("all-minilm-l6-v2-q"), refused.getMessage());
        assertEquals(InProcessModel.BGE_SMALL_EN_V15_Q, InProcessModel.require("bge-small-en-v1.5-q"));
    }
}
