package dev.ragsuite.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The gateway's route table ({@code gateway/src/main/resources/application.properties}) as a service's tests
 * see it, so each service can check that the API-key scopes its resources demand ({@code @RequiresScope})
 * are the ones the gateway asks for on the same method and path. The matching is the gateway's
 * (RouteTable): the longest path prefix wins, and for one prefix a route that names methods wins.
 */
public final class GatewayRoutes {

    private static final String PREFIX = "rag.gateway.routes.";

    private record Route(String id, String prefix, Set<String> methods, Optional<String> read, Optional<String> write) {

        boolean accepts(String path, String method) {
            return (path.equals(prefix) || path.startsWith(prefix + "/")) && (methods.isEmpty() || methods.contains(method));
        }

        Optional<String> scopeFor(String method) {
            return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method) ? read : write;
        }
    }

    private final List<Route> routes;

    private GatewayRoutes(Properties config) {
        Set<String> ids = config.stringPropertyNames().stream().filter(k -> k.startsWith(PREFIX))
                .map(k -> k.substring(PREFIX.length(), k.indexOf('.', PREFIX.length())))
                .collect(Collectors.toSet());
        List<Route> all = new ArrayList<>();
        for (String id : ids) {
            String base = PREFIX + id + ".";
            Set<String> methods = list(config.getProperty(base + "methods")).stream()
                    .map(m -> m.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
            for (String prefix : list(config.getProperty(base + "paths"))) {
                all.add(new Route(id, prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix, methods,
                        Optional.ofNullable(config.getProperty(base + "scopes.read")),
                        Optional.ofNullable(config.getProperty(base + "scopes.write"))));
            }
        }
        all.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed().thenComparing(r -> r.methods().isEmpty()));
        this.routes = List.copyOf(all);
    }

    private static List<String> list(String value) {
        return value == null ? List.of() : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The gateway's configuration, found from the module's folder (a sibling of {@code gateway/}). */
    public static GatewayRoutes load() {
        java.nio.file.Path dir = java.nio.file.Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("gateway/src/main/resources/application.properties"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("gateway/src/main/resources/application.properties not found above "
                    + java.nio.file.Path.of("").toAbsolutePath());
        }
        Properties config = new Properties();
        try (InputStream in = Files.newInputStream(dir.resolve("gateway/src/main/resources/application.properties"))) {
            config.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new GatewayRoutes(config);
    }

    /** The API-key scope the gateway asks for on this request; empty when it refuses API keys there. */
    public Optional<String> scopeFor(String method, String path) {
        Route route = routes.stream().filter(r -> r.accepts(path, method)).findFirst()
                .orElseThrow(() -> new AssertionError("The gateway routes no " + method + " " + path));
        return route.scopeFor(method);
    }

    /**
     * Every public ({@code /api/…}) resource method among this module's compiled classes ({@code target/classes})
     * demands, by {@code requiredScope}, the scope the gateway asks for on its method and path.
     *
     * @param requiredScope the scope the service's own check demands of a resource method (empty: API keys refused)
     */
    public void assertServiceAgrees(Function<Method, Optional<String>> requiredScope) {
        List<Method> endpoints = resourceMethods();
        assertFalse(endpoints.isEmpty(), "no JAX-RS resource methods under /api in target/classes");
        for (Method endpoint : endpoints) {
            String httpMethod = httpMethod(endpoint);
            String path = concretePath(endpoint);
            assertEquals(scopeFor(httpMethod, path), requiredScope.apply(endpoint),
                    "API-key scope of " + httpMethod + " " + path + " (" + endpoint.getDeclaringClass().getSimpleName() + "."
                            + endpoint.getName() + "): gateway vs service");
        }
    }

    private static List<Method> resourceMethods() {
        java.nio.file.Path classes = java.nio.file.Path.of("target", "classes");
        try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
            return files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$"))
                    .map(f -> classes.relativize(f).toString().replace(java.io.File.separatorChar, '.').replaceAll("\\.class$", ""))
                    .map(GatewayRoutes::load)
                    .filter(c -> c.isAnnotationPresent(Path.class) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers()))
                    .flatMap(c -> Arrays.stream(c.getMethods()).filter(m -> httpMethod(m) != null))
                    .filter(m -> concretePath(m).startsWith("/api/"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String httpMethod(Method method) {
        for (Annotation a : method.getAnnotations()) {
            HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** The resource path with every template ({@code {id}}) filled in. */
    private static String concretePath(Method method) {
        String path = join(method.getDeclaringClass().getAnnotation(Path.class).value(),
                method.isAnnotationPresent(Path.class) ? method.getAnnotation(Path.class).value() : "");
        return path.replaceAll("\\{[^}]*}", "x");
    }

    private static String join(String a, String b) {
        String joined = ("/" + a + "/" + b).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }
}
