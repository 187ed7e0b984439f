package dev.ragsuite.gateway.config;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The configured routes, resolved once. Matching is deterministic: the longest matching path
 * prefix wins; for the same prefix a route that names methods wins over one that does not; two
 * routes that could both claim a request are a startup error, never a coin toss.
 */
public final class RouteTable {

    /** One resolved route. */
    public record Entry(String id, String prefix, Set<String> methods, GatewayConfig.Route route, Set<String> publicPaths,
            long maxBodyBytes, String rateLimitClass) {

        public boolean isPublic(String path) {
            return publicPaths.contains(path);
        }

        boolean accepts(String path, String method) {
            return (path.equals(prefix) || path.startsWith(prefix + "/")) && (methods.isEmpty() || methods.contains(method));
        }

        /** The API-key scope a request with this method needs here, if API keys may be used at all. */
        public Optional<String> scopeFor(String method) {
            boolean read = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
            return read ? route.scopes().read() : route.scopes().write();
        }

        public Optional<GatewayConfig.QuotaKind> quota() {
            return route.quota();
        }
    }

    private final List<Entry> entries;

    public RouteTable(GatewayConfig config) {
        this.entries = config.routes().entrySet().stream()
                .flatMap(e -> e.getValue().paths().stream().map(prefix -> entry(e, prefix, config)))
                .sorted(Comparator.comparingInt((Entry e) -> e.prefix().length()).reversed()
                        .thenComparing(e -> e.methods().isEmpty())
                        .thenComparing(Entry::id))
                .toList();
        checkUnambiguous();
        checkBudgets(config);
    }

    private static Entry entry(Map.Entry<String, GatewayConfig.Route> e, String prefix, GatewayConfig config) {
        String normalised = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        GatewayConfig.Route route = e.getValue();
        Set<String> methods = route.methods().orElse(List.of()).stream()
                .map(m -> m.trim().toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        return new Entry(e.getKey(), normalised, methods, route, Set.copyOf(route.publicPaths().orElse(List.of())),
                route.maxBodyBytes().orElse(config.maxBodyBytes()), route.rateLimitClass());
    }

    private void checkUnambiguous() {
        for (int i = 0; i < entries.size(); i++) {
            for (int j = i + 1; j < entries.size(); j++) {
                Entry a = entries.get(i);
                Entry b = entries.get(j);
                boolean overlap = a.methods().isEmpty() == b.methods().isEmpty()
                        && (a.methods().isEmpty() || a.methods().stream().anyMatch(b.methods()::contains));
                if (a.prefix().equals(b.prefix()) && overlap) {
                    throw new IllegalStateException("Routes '" + a.id() + "' and '" + b.id() + "' both claim "
                            + a.prefix() + " for the same methods; make them distinct (rag.gateway.routes.*.paths/methods).");
                }
            }
        }
    }

    private void checkBudgets(GatewayConfig config) {
        for (Entry e : entries) {
            if (config.rateLimit().enabled() && !config.rateLimit().classes().containsKey(e.rateLimitClass())) {
                throw new IllegalStateException("Route '" + e.id() + "' uses rate-limit class '" + e.rateLimitClass()
                        + "', which rag.gateway.rate-limit.classes does not define.");
            }
        }
    }

    public Optional<Entry> match(String path, String method) {
        return entries.stream().filter(e -> e.accepts(path, method)).findFirst();
    }

    /** Whether some route owns this path for another method (→ 405 rather than 404). */
    public boolean ownsPath(String path) {
        return entries.stream().anyMatch(e -> path.equals(e.prefix()) || path.startsWith(e.prefix() + "/"));
    }

    public List<GatewayConfig.Route> routes() {
        return entries.stream().map(Entry::route).distinct().toList();
    }
}
