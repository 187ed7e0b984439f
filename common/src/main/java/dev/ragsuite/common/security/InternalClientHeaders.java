package dev.ragsuite.common.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Headers every call to another rag-suite service carries: the internal token, and the caller's
 * own `Authorization` when there is one, so the callee can scope the work to that user.
 */
@ApplicationScoped
public class InternalClientHeaders implements ClientHeadersFactory {

    private final InternalToken token;

    public InternalClientHeaders(InternalToken token) {
        this.token = token;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        headers.putSingle(InternalToken.HEADER, token.value());
        String authorization = incoming == null ? null : incoming.getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && !outgoing.containsKey(HttpHeaders.AUTHORIZATION)) {
            headers.putSingle(HttpHeaders.AUTHORIZATION, authorization);
        }
        return headers;
    }
}
