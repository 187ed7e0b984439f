package dev.ragsuite.common.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Turns a bearer token into the caller's identity for every service, ahead of smallrye-jwt's own
 * provider: a token already verified by this process ({@link VerifiedTokens}) is answered on the
 * calling thread (the event loop, no hop to a worker); any other is verified on a worker thread as
 * smallrye-jwt would (it may fetch the JWKS), then kept. The identity is the one smallrye-jwt builds:
 * the token as principal and credential, its groups as roles.
 */
@Singleton
public class CachedTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(CachedTokenIdentityProvider.class);

    private final VerifiedTokens tokens;

    public CachedTokenIdentityProvider(VerifiedTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Before smallrye-jwt's {@code MpJwtValidator}, which keeps the interface's default (1001, higher goes
     * first) and is then never asked.
     */
    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        return tokens.cached(token)
                .map(jwt -> Uni.createFrom().item(identity(jwt, request)))
                .orElseGet(() -> context.runBlocking(() -> identity(verify(token), request)));
    }

    private JsonWebToken verify(String token) {
        try {
            return tokens.verify(token);
        } catch (ParseException e) {
            LOG.debug("Authentication failed", e);
            throw new AuthenticationFailedException(e);
        }
    }

    private static SecurityIdentity identity(JsonWebToken jwt, TokenAuthenticationRequest request) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder()
                .setPrincipal(jwt)
                .addCredential(request.getToken())
                .addRoles(jwt.getGroups())
                .addAttribute("quarkus.user", jwt);
        RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routingContext != null) {
            builder.addAttribute(RoutingContext.class.getName(), routingContext);
        }
        return builder.build();
    }
}
