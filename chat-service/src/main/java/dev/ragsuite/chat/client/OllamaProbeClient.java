package dev.ragsuite.chat.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** Ollama's model list, which answers as soon as the Ollama server is up; for the readiness report. */
@RegisterRestClient(configKey = "ollama-probe")
interface OllamaProbeClient {

    @GET
    @Path("/api/tags")
    Uni<Response> tags();
}
