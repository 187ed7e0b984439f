package dev.ragsuite.vector.store.qdrant;

import static io.qdrant.client.ValueFactory.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.vector.store.IndexPointer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the Qdrant state reads from a collection's metadata, and the alias name; no server needed. */
class QdrantIndexStateTest {

    @Test
    void modelAndDimensionsComeFromTheCollectionsMetadata() {
        assertEquals(new IndexPointer("bge-small-en-v1.5-q", 384, "rag_bge-small-en-v1_5-q_384"),
                QdrantIndexState.pointer("rag_bge-small-en-v1_5-q_384", Map.of(QdrantCollection.META_MODEL,
                        value("bge-small-en-v1.5-q"), QdrantCollection.META_DIMENSIONS, value(384))));
    }

    @Test
    void aCollectionWithoutThatMetadataIsRefused() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> QdrantIndexState.pointer("someone_elses", Map.of()));
        assertTrue(refused.getMessage().contains("not made by vector-service"), refused.getMessage());
    }

    @Test
    void theAliasCannotBeACollectionName() {
        assertEquals("rag_active", QdrantIndexState.alias("rag"));
        assertEquals("my_team_active", QdrantIndexState.alias("my.team"));
        // collections are <prefix>_<model>_<dimensions>: they end in digits, the alias does not
        assertFalse(QdrantIndexState.alias("rag").matches(".*_[0-9]+"));
    }
}
