package dev.ragsuite.auth.rest;

import dev.ragsuite.common.problem.ProblemException;
import jakarta.json.JsonString;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reads our own claims from a verified token; a token without them is not one of ours (401). */
final class TokenClaims {

    private TokenClaims() {
    }

    static UUID userId(JsonWebToken jwt) {
        return uuid(jwt.getSubject());
    }

    static UUID sessionId(JsonWebToken jwt) {
        Object sid = jwt.getClaim("sid");
        return uuid(sid instanceof JsonString json ? json.getString() : sid instanceof String text ? text : null);
    }

    private static UUID uuid(String value) {
        try {
            if (value != null) {
                return UUID.fromString(value);
            }
        } catch (IllegalArgumentException e) {
            // fall through: not a token issued by this service
        }
        throw ProblemException.unauthorized("The token was not issued by this service.");
    }
}
