package dev.ragsuite.auth.session;

/** Where a login came from, as recorded on its session. Both may be {@code null}. */
public record ClientInfo(String userAgent, String ip) {
}
