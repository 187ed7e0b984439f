package dev.ragsuite.common.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The API-key scope a public endpoint (a resource method, or every method of a resource class) needs.
 * A scoped token — what an API key is exchanged for — may call only endpoints that name one of its scopes;
 * an endpoint without this annotation refuses scoped tokens. User-session tokens carry no scope and are not
 * affected. {@link ApiKeyScopeFilter} enforces it in every service; the gateway's route table asks for the
 * same scopes (each service's tests check the two agree).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {

    ApiKeyScope value();
}
