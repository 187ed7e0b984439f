package dev.ragsuite.testing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A local web site standing in for a remote one in URL-import tests: a JDK {@link HttpServer} on the address
 * {@code localhost} resolves to first (the one an importer connects to), serving fixed pages and redirects.
 * The suite refuses loopback addresses unless allowed, so tests reach it through {@code RAG_IMPORT_ALLOW=localhost}.
 */
public final class StandInSite implements AutoCloseable {

    private final HttpServer server;

    private StandInSite(HttpServer server) {
        this.server = server;
    }

    public static StandInSite start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getAllByName("localhost")[0], 0), 0);
            server.start();
            return new StandInSite(server);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the stand-in site", e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://localhost:<port>}. */
    public String origin() {
        return "http://localhost:" + port();
    }

    /** Serves {@code body} at {@code path} with this status and content type. */
    public StandInSite page(String path, int status, String contentType, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        return this;
    }

    /** Serves an HTML page at {@code path} (200). */
    public StandInSite html(String path, String html) {
        return page(path, 200, "text/html; charset=utf-8", html);
    }

    /** Answers {@code path} with a redirect ({@code status} 301/302/303/307/308) to {@code location}. */
    public StandInSite redirect(String path, int status, String location) {
        server.createContext(path, exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
