package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.session.ClientInfo;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

/**
 * Where a request came from. The address is the peer's, or the {@code X-Forwarded-For} client
 * when the peer is a trusted proxy ({@code quarkus.http.proxy.*}); never a header taken on trust.
 */
final class Clients {

    private Clients() {
    }

    static ClientInfo of(String userAgent, HttpServerRequest http) {
        SocketAddress remote = http.remoteAddress();
        return new ClientInfo(userAgent, remote == null ? null : remote.hostAddress());
    }
}
