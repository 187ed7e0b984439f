package dev.ragsuite.chat.retrieval;

import dev.ragsuite.vector.api.RetrievalMode;
import dev.ragsuite.vector.api.SearchHit;
import dev.ragsuite.vector.api.SearchRequest;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The one way chat-service reaches vector-service. It owns the resilience of that call: a timeout
 * (value from {@code rag.chat.retrieval.timeout-millis}, see application.properties), one retry on
 * connection failures and timeouts (a search is a read: safe to repeat), and a circuit breaker so a
 * dead vector-service is not hammered. Callers turn any failure into a 503 problem.
 */
@ApplicationScoped
public class VectorClient {

    private final VectorServiceClient client;

    public VectorClient(@RestClient VectorServiceClient client) {
        this.client = client;
    }

    /**
     * Searches the caller's own chunks; vector-service takes the owner from the bearer token.
     *
     * @param authorization the caller's {@code Authorization} header, forwarded as is
     * @param mode hybrid, bm25 or dense; null for vector-service's default (hybrid)
     */
    @Timeout(5000)
    @Retry(maxRetries = 1, delay = 150, jitter = 100, retryOn = { ProcessingException.class, IOException.class, TimeoutException.class })
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 10_000, successThreshold = 2)
    public Uni<List<SearchHit>> search(String authorization, String query, int topK, RetrievalMode mode) {
        return client.searchAs(authorization, new SearchRequest(query, topK, mode))
                .map(response -> response == null || response.hits() == null ? List.<SearchHit> of() : response.hits());
    }
}
