package dev.ragsuite.ingest.rest;

import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.ingest.config.IngestConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Turns the document API off on worker-only replicas ({@code rag.ingest.api.enabled=false}): they
 * answer 404 problem+json saying so, while health, metrics and the workers keep running.
 */
public class ApiSwitch {

    private final boolean enabled;

    public ApiSwitch(IngestConfig config) {
        this.enabled = config.api().enabled();
    }

    @ServerRequestFilter(preMatching = true)
    public void refuseWhenDisabled(ContainerRequestContext request) {
        if (!enabled && request.getUriInfo().getPath().startsWith("/api/")) {
            throw ProblemException.notFound("This ingest-service instance runs workers only (rag.ingest.api.enabled=false).");
        }
    }
}
