package dev.ragsuite.vector.rerank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ragsuite.testing.TestSecurityEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A {@link Reranker} bean added the documented way is found by its name, and reranking stays off
 * until it is enabled (the test reranker is in the application, but the default configuration does
 * not use it).
 */
@QuarkusTest
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
class RerankerDiscoveryTest {

    @Inject
    @Any
    Instance<Reranker> available;

    @Inject
    RerankStage stage;

    @Test
    void aPluggedInRerankerIsSelectableByNameAndOffByDefault() {
        Reranker selected = RerankStage.select(Optional.of(WordOverlapTestReranker.NAME), available.stream().toList());
        assertEquals(WordOverlapTestReranker.NAME, selected.name());
        assertFalse(stage.enabled(), "rag.vector.rerank.enabled is false by default");
        assertEquals(5, stage.fetchSize(5));
    }
}
