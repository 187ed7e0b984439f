package dev.ragsuite.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.Annotation;
import java.util.Map;

/**
 * What the WireMock stand-ins of third-party HTTP APIs share as Quarkus test resources: a server on a free
 * local port, whose URL (plus {@link #basePath()}) goes into one configuration property (the init arg
 * {@code property} overrides the default), injected into the test field marked with {@link #marker()}.
 */
public abstract class HttpApiStandIn implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WireMockServer server;
    private String property;

    /** The property that receives the stand-in's base URL unless the init arg {@code property} names another. */
    protected abstract String defaultProperty();

    /** What follows the server's root in the base URL clients are given (e.g. {@code /v1}); empty for none. */
    protected String basePath() {
        return "";
    }

    /** The annotation of the test field that receives the server. */
    protected abstract Class<? extends Annotation> marker();

    /** Stubs every test starts with (e.g. a model list for readiness probes). */
    protected abstract void stubDefaults(WireMockServer server);

    @Override
    public void init(Map<String, String> initArgs) {
        property = initArgs.getOrDefault("property", defaultProperty());
    }

    @Override
    public Map<String, String> start() {
        server = startServer();
        stubDefaults(server);
        return Map.of(property == null ? defaultProperty() : property, server.baseUrl() + basePath());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(marker(), WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** A started WireMock server on a free port of 127.0.0.1, without stubs; the caller stops it. */
    public static WireMockServer startServer() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    protected static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
