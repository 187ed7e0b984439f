package dev.ragsuite.chat.retrieval;

import static java.time.temporal.ChronoUnit.MILLIS;

import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.chat.config.Guards;
import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.api.SearchHit;
import dev.ragsuite.vector.api.SearchRequest;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The one way chat-service reaches vector-service. It owns the resilience of that call, all from
 * {@code rag.chat.retrieval.*} ({@link ChatConfig.Retrieval}): a timeout ({@code timeout-millis}), retries
 * on connection failures and timeouts ({@code retry.*}; a search is a read: safe to repeat), and a circuit
 * breaker ({@code circuit-breaker.*}) so a dead vector-service is not hammered. Callers turn any failure
 * into a 503 problem.
 *
 * <p>Vector-service takes the owner from the end user's bearer token, which the REST client forwards from
 * the request being served ({@link VectorServiceClient}); nothing here carries it.
 */
@ApplicationScoped
public class VectorClient {

    private final VectorServiceClient client;
    private final TypedGuard<Uni<List<SearchHit>>> guard;

    public VectorClient(@RestClient VectorServiceClient client, ChatConfig config) {
        this.client = client;
        ChatConfig.Retrieval retrieval = config.retrieval();
        this.guard = Guards.timeoutAndBreaker(new TypeLiteral<Uni<List<SearchHit>>>() {
        }, "vector-service search", retrieval.timeoutMillis(), retrieval.circuitBreaker())
                .withRetry().maxRetries(retrieval.retry().maxRetries())
                .delay(retrieval.retry().delayMillis(), MILLIS).jitter(retrieval.retry().jitterMillis(), MILLIS)
                .retryOn(List.of(ProcessingException.class, IOException.class, TimeoutException.class)).done()
                .build();
    }

    /**
     * Searches the calling user's own chunks.
     *
     * @param mode hybrid, bm25 or dense; null for vector-service's default (hybrid)
     */
    public Uni<List<SearchHit>> search(String query, int topK, RetrievalMode mode) {
        return guard.get(() -> client.search(new SearchRequest(query, topK, mode))
                .map(response -> response == null || response.hits() == null ? List.<SearchHit> of() : response.hits()));
    }
}
