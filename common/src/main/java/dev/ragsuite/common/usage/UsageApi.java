package dev.ragsuite.common.usage;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The internal endpoints from which chat-service composes the usage figures of {@code /api/admin/metrics}
 * and {@code /api/me/usage}: each owning service answers for its own schema, and the paths and shapes are
 * declared once, here, for the resource that serves them and the REST client that calls them.
 */
public final class UsageApi {

    private UsageApi() {
    }

    /** auth-service. */
    @Path("/internal/v1/usage/users")
    public interface Users {
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        Uni<UserFigures> users(@RestQuery("since") Instant since);
    }

    /** ingest-service; {@code owner} null for everyone's documents; connector syncs counted since {@code since}. */
    @Path("/internal/v1/usage/documents")
    public interface Documents {
        @GET
        @Produces(MediaType.APPLICATION_JSON)
        Uni<DocumentFigures> documents(@RestQuery("owner") String owner, @RestQuery("since") Instant since);
    }
}
