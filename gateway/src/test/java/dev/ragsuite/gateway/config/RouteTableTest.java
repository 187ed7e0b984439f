package dev.ragsuite.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Route matching is deterministic: longest prefix, then method-specific, and ambiguity fails at startup. */
public class RouteTableTest {

    /** A small route table's settings (also the OpenAPI merger's test's). */
    public static Map<String, String> base() {
        Map<String, String> p = new HashMap<>();
        p.put("rag.gateway.routes.auth.paths", "/api/auth,/api/admin");
        p.put("rag.gateway.routes.auth.target", "http://auth");
        p.put("rag.gateway.routes.login.paths", "/api/auth/login,/api/auth/refresh");
        p.put("rag.gateway.routes.login.target", "http://auth");
        p.put("rag.gateway.routes.login.rate-limit-class", "login");
        p.put("rag.gateway.routes.uploads.paths", "/api/documents");
        p.put("rag.gateway.routes.uploads.methods", "post");
        p.put("rag.gateway.routes.uploads.target", "http://ingest");
        p.put("rag.gateway.routes.uploads.quota", "upload-bytes");
        p.put("rag.gateway.routes.uploads.scopes.write", "documents:write");
        p.put("rag.gateway.routes.documents.paths", "/api/documents/");
        p.put("rag.gateway.routes.documents.target", "http://ingest");
        p.put("rag.gateway.routes.documents.scopes.read", "documents:read");
        p.put("rag.gateway.rate-limit.classes.default.limit", "10");
        p.put("rag.gateway.rate-limit.classes.default.period", "1M");
        p.put("rag.gateway.rate-limit.classes.login.limit", "5");
        p.put("rag.gateway.rate-limit.classes.login.period", "1M");
        p.put("rag.gateway.https.enforce", "false");
        return p;
    }

    public static RouteTable table(Map<String, String> properties) {
        GatewayConfig config = new SmallRyeConfigBuilder().withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter()) // Quarkus' "5s", "1M" forms
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build()
                .getConfigMapping(GatewayConfig.class);
        return new RouteTable(config);
    }

    private static String id(Optional<RouteTable.Entry> entry) {
        return entry.map(RouteTable.Entry::id).orElse("none");
    }

    @Test
    void theLongestPrefixWins() {
        RouteTable table = table(base());
        assertEquals("login", id(table.match("/api/auth/login", "POST")));
        assertEquals("auth", id(table.match("/api/auth/me", "GET")));
        assertEquals("auth", id(table.match("/api/auth/loginx", "POST")));
        assertEquals("none", id(table.match("/api/authx", "GET")));
        assertEquals("login", table.match("/api/auth/refresh", "POST").orElseThrow().rateLimitClass());
        assertEquals("default", table.match("/api/admin/users", "GET").orElseThrow().rateLimitClass());
    }

    @Test
    void aRouteNamingTheMethodWinsForTheSamePrefix() {
        RouteTable table = table(base());
        RouteTable.Entry upload = table.match("/api/documents", "POST").orElseThrow();
        assertEquals("uploads", upload.id());
        assertEquals(Optional.of(GatewayConfig.QuotaKind.UPLOAD_BYTES), upload.quota());
        assertEquals(Optional.of("documents:write"), upload.scopeFor("POST"));
        RouteTable.Entry read = table.match("/api/documents/42", "GET").orElseThrow();
        assertEquals("documents", read.id());
        assertEquals(Optional.of("documents:read"), read.scopeFor("HEAD"));
        assertEquals(Optional.empty(), read.scopeFor("DELETE"));
        // a prefix owns everything below it, for its methods
        assertEquals("uploads", id(table.match("/api/documents/42/x", "POST")));
    }

    @Test
    void anAmbiguousTableFailsAtStartup() {
        Map<String, String> p = base();
        p.put("rag.gateway.routes.twin.paths", "/api/auth");
        p.put("rag.gateway.routes.twin.target", "http://elsewhere");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> table(p));
        assertTrue(e.getMessage().contains("both claim /api/auth"), e.getMessage());
    }

    @Test
    void aRouteDrawingOnAnUndefinedBudgetFailsAtStartup() {
        Map<String, String> p = base();
        p.put("rag.gateway.routes.auth.rate-limit-class", "nonexistent");
        assertThrows(IllegalStateException.class, () -> table(p));
    }

    @Test
    void ownsPathTellsA405FromA404() {
        Map<String, String> p = base();
        p.remove("rag.gateway.routes.documents.paths");
        p.put("rag.gateway.routes.documents.paths", "/api/other");
        RouteTable table = table(p);
        assertEquals("none", id(table.match("/api/documents", "GET")));
        assertTrue(table.ownsPath("/api/documents"));
        assertFalse(table.ownsPath("/api/nothing"));
    }
}
