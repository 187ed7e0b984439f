package dev.ragsuite.ingest.client;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * Points the vector rest client at a free local port. {@link VectorClientTest} serves a fake
 * vector-service there while it runs; at all other times nothing listens, like a vector-service
 * that is down. (One configuration for every test class, so Quarkus boots once.)
 */
public class FakeVectorServicePort implements QuarkusTestResourceLifecycleManager {

    public static final String PORT_PROPERTY = "rag.test.fake-vector-port";

    @Override
    public Map<String, String> start() {
        try (ServerSocket socket = new ServerSocket(0)) {
            int port = socket.getLocalPort();
            return Map.of("quarkus.rest-client.vector.url", "http://127.0.0.1:" + port,
                    PORT_PROPERTY, Integer.toString(port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // nothing kept open
    }
}
