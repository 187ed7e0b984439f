package dev.ragsuite.auth.token;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * auth-service verifies tokens against its own key set, in memory: every key in
 * {@link SigningKeys} (the signing one and those being introduced or retired), selected by
 * {@code kid}. Other services read the same set over HTTP from the JWKS endpoint; this one cannot
 * ask itself at start-up, and a single public-key file would reject tokens of every other key
 * after a rotation. Everything else (issuer, algorithm, expiry) stays as configured.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class OwnKeysPrincipalFactory extends JWTCallerPrincipalFactory {

    private final SigningKeys keys;
    /** Caches the key resolver built from the first context it sees; our key set never changes at run time. */
    private final DefaultJWTCallerPrincipalFactory delegate = new DefaultJWTCallerPrincipalFactory();

    public OwnKeysPrincipalFactory(SigningKeys keys) {
        this.keys = keys;
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo configured) throws ParseException {
        JWTAuthContextInfo own = new JWTAuthContextInfo(configured);
        own.setPublicKeyLocation(null);
        own.setPublicKeyContent(keys.jwksJson());
        return delegate.parse(token, own);
    }
}
