package dev.ragsuite.gateway.config;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The configured routes, resolved once: the longest matching path prefix wins. */
public final class RouteTable {

    /** One resolved route. */
    public record Entry(String id, String prefix, GatewayConfig.Route route, Set<String> publicPaths, long maxBodyBytes) {

        public boolean isPublic(String path) {
            return publicPaths.contains(path);
        }
    }

    private final List<Entry> entries;

    public RouteTable(GatewayConfig config) {
        this.entries = config.routes().entrySet().stream()
                .flatMap(e -> e.getValue().paths().stream().map(prefix -> entry(e, prefix, config)))
                .sorted(Comparator.comparingInt((Entry e) -> e.prefix().length()).reversed())
                .toList();
    }

    private static Entry entry(Map.Entry<String, GatewayConfig.Route> e, String prefix, GatewayConfig config) {
        String normalised = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        GatewayConfig.Route route = e.getValue();
        return new Entry(e.getKey(), normalised, route, Set.copyOf(route.publicPaths().orElse(List.of())),
                route.maxBodyBytes().orElse(config.maxBodyBytes()));
    }

    public Optional<Entry> match(String path) {
        return entries.stream()
                .filter(e -> path.equals(e.prefix()) || path.startsWith(e.prefix() + "/"))
                .findFirst();
    }

    public List<GatewayConfig.Route> routes() {
        return entries.stream().map(Entry::route).distinct().toList();
    }
}
