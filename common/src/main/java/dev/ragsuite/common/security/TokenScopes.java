package dev.ragsuite.common.security;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Reading API-key scopes: what a token was granted, and what an endpoint needs. */
public final class TokenScopes {

    private TokenScopes() {
    }

    /** The token's {@code scope} claim (space-separated string or array); empty when the token has none (a user session). */
    public static Optional<Set<String>> of(JsonWebToken jwt) {
        Object claim = jwt.getClaim("scope");
        if (claim == null) {
            return Optional.empty();
        }
        if (claim instanceof Collection<?> values) {
            return Optional.of(values.stream().map(v -> unquote(v.toString())).collect(Collectors.toUnmodifiableSet()));
        }
        String text = unquote(claim.toString());
        return Optional.of(Arrays.stream(text.trim().split("\\s+")).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet()));
    }

    /** The scope a resource method needs: its own {@link RequiresScope}, else its class's; empty = API keys refused. */
    public static Optional<String> requiredBy(Method resourceMethod) {
        RequiresScope scope = resourceMethod.getAnnotation(RequiresScope.class);
        if (scope == null) {
            scope = resourceMethod.getDeclaringClass().getAnnotation(RequiresScope.class);
        }
        return Optional.ofNullable(scope).map(s -> s.value().value());
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }
}
