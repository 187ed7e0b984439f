package dev.ragsuite.chat.retrieval;

import dev.ragsuite.common.security.InternalClientHeaders;
import dev.ragsuite.vector.api.VectorApi;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * The REST client of vector-service's internal API. Only {@link VectorClient} uses it.
 *
 * <p>{@link InternalClientHeaders} adds the internal token and forwards the {@code Authorization} header of
 * the request being served, by which vector-service scopes {@link VectorApi#search} to the end user. The
 * request stays current for the whole of a question, streamed answers and retries included: the search
 * is made within the resource's reactive pipeline, whose callbacks carry the request context along
 * (Mutiny's context propagation; a streamed response keeps its request open until the last event), and
 * the fault-tolerance guard runs a retry on the caller's Vert.x context. The forwarded header is checked
 * on the whole path (LlmAnswerTest), after a retry (VectorClientTest) and on streamed follow-ups
 * (ChatStreamTest, LlmStreamTest); ChatResourceTest checks the request is current when a search starts.
 */
@RegisterRestClient(configKey = "vector")
@RegisterClientHeaders(InternalClientHeaders.class)
interface VectorServiceClient extends VectorApi {
}
