package dev.ragsuite.chat.support;

import dev.ragsuite.vector.api.SearchHit;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.resteasy.reactive.server.core.CurrentRequestManager;
import org.mockito.stubbing.Answer;

/**
 * For tests that mock {@code VectorClient}: answers a search with the given hits and records whose
 * credentials it ran with, i.e. the {@code Authorization} header of the request being served as the
 * REST client's header factory ({@code InternalClientHeaders}) sees it then (the server's
 * {@link HttpHeaders} in an active request context; none outside one).
 */
public final class SearchedAs {

    private final AtomicReference<String> last = new AtomicReference<>();

    /** A Mockito answer: records the caller's {@code Authorization}, then answers these hits. */
    public Answer<Uni<List<SearchHit>>> answering(List<SearchHit> hits) {
        return invocation -> {
            last.set(currentAuthorization());
            return Uni.createFrom().item(hits);
        };
    }

    /** The {@code Authorization} header the last search ran with; null when there was no request context. */
    public String last() {
        return last.get();
    }

    private static String currentAuthorization() {
        ArcContainer container = Arc.container();
        // the test's own thread has a request context but no REST request (Mockito calls the answer when re-stubbing)
        if (container == null || !container.requestContext().isActive() || CurrentRequestManager.get() == null) {
            return null;
        }
        return container.instance(HttpHeaders.class).get().getHeaderString(HttpHeaders.AUTHORIZATION);
    }
}
