package dev.ragsuite.chat.support;


import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ragsuite.vector.api.SearchResponse;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A WireMock stand-in for vector-service, so the real {@code VectorClient} (rest client, headers,
 * fault tolerance) runs: {@code /internal/v1/search} answers the Tesla passages, {@code /q/health/live}
 * answers UP. Tests verify what the client sent through the injected server.
 */
public class VectorServiceWireMockStandIn implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        stubDefaults(server);
        return Map.of("quarkus.rest-client.vector.url", server.baseUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server,
                new TestInjector.AnnotatedAndMatchesType(VectorServiceStandIn.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    public static void stubDefaults(WireMockServer server) {
        try {
            String hits = new ObjectMapper().writeValueAsString(new SearchResponse(TeslaPassages.hits(), "lucene"));
            server.stubFor(post("/internal/v1/search").willReturn(okJson(hits)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        server.stubFor(get("/q/health/live").willReturn(okJson("{\"status\":\"UP\",\"checks\":[]}")));
    }
}
