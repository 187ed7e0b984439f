package dev.ragsuite.chat.client;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** Says whether the services chat-service depends on answer right now. Never fails: a probe that errs is "down". */
@ApplicationScoped
public class DependencyProbes {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final VectorProbeClient vector;
    private final OllamaProbeClient ollama;

    public DependencyProbes(@RestClient VectorProbeClient vector, @RestClient OllamaProbeClient ollama) {
        this.vector = vector;
        this.ollama = ollama;
    }

    public Uni<Boolean> vectorServiceLive() {
        return probe(vector::live);
    }

    public Uni<Boolean> ollamaReachable() {
        return probe(ollama::tags);
    }

    private static Uni<Boolean> probe(Supplier<Uni<Response>> call) {
        return Uni.createFrom().<Response> deferred(call::get)
                .map(response -> {
                    int status = response.getStatus();
                    response.close();
                    return status >= 200 && status < 300;
                })
                .ifNoItem().after(PROBE_TIMEOUT).fail()
                .onFailure().recoverWithItem(false);
    }
}
