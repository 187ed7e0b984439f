package dev.ragsuite.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A "Redis" that accepts connections and never answers: the worst kind of outage (a hang, not a
 * refusal). The rate limiter's Redis client is pointed at it; everything else keeps the real Redis.
 */
public class SilentRedis implements QuarkusTestResourceLifecycleManager {

    private ServerSocket server;
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    @Override
    public Map<String, String> start() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    held.add(server.accept());
                } catch (IOException e) {
                    return; // closed by stop()
                }
            }
        }, "silent-redis");
        acceptor.setDaemon(true);
        acceptor.start();
        // the production timeout (the test profile raises it for counting tests), so the fallback is quick
        return Map.of("quarkus.redis.ratelimit.hosts", "redis://127.0.0.1:" + server.getLocalPort(),
                "rag.gateway.rate-limit.redis-timeout", "200ms");
    }

    @Override
    public void stop() {
        try {
            if (server == null) {
                return;
            }
            server.close();
            for (Socket s : held) {
                s.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
