package dev.ragsuite.gateway.openapi;

import dev.ragsuite.common.problem.OpenAiError;
import dev.ragsuite.common.problem.Problem;

import dev.ragsuite.gateway.config.RouteTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Merges the services' own OpenAPI documents into the one document of the public API: only the
 * operations the gateway routes to the service that documents them (so {@code /internal/**}, the
 * health and metrics endpoints and anything the edge does not expose stay out), the schemas they
 * use (renamed {@code service_Name} where two services define the same name differently), and
 * the problem responses the edge and the services give (RFC 9457, {@code application/problem+json}).
 */
public final class OpenApiMerger {

    static final String PROBLEM = "Problem";
    private static final String PROBLEM_REF = "#/components/schemas/" + PROBLEM;
    /** The error body of the OpenAI-compatible paths ({@code /v1/*}): OpenAI's shape, not problem+json. */
    static final String OPENAI_ERROR = "OpenAiError";
    private static final String OPENAI_ERROR_REF = "#/components/schemas/" + OPENAI_ERROR;
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /** One service's own document, as fetched. */
    public record ServiceDocument(String service, java.net.URI target, JsonObject document) {
    }

    private final RouteTable routes;

    public OpenApiMerger(RouteTable routes) {
        this.routes = routes;
    }

    public JsonObject merge(List<ServiceDocument> documents, String version) {
        Map<String, JsonObject> paths = new TreeMap<>();
        Map<String, JsonObject> schemas = new TreeMap<>();
        for (ServiceDocument doc : documents) {
            JsonObject own = doc.document();
            Map<String, String> renames = mergeSchemas(doc.service(), own, schemas);
            JsonObject ownPaths = own.getJsonObject("paths", new JsonObject());
            for (String path : ownPaths.fieldNames()) {
                JsonObject item = ownPaths.getJsonObject(path);
                for (String method : item.fieldNames()) {
                    if (!METHODS.contains(method)) {
                        continue;
                    }
                    String upper = method.toUpperCase(Locale.ROOT);
                    String concrete = path.replaceAll("\\{[^}/]+}", "x");
                    var route = routes.match(concrete, upper);
                    if (route.isEmpty() || !route.get().route().target().equals(doc.target())) {
                        continue; // not reachable through the gateway (internal, health) or owned by another route
                    }
                    JsonObject operation = renameRefs(item.getJsonObject(method).copy(), renames);
                    if (item.containsKey("parameters") && !operation.containsKey("parameters")) {
                        operation.put("parameters", renameRefs(new JsonObject().put("p", item.getJsonArray("parameters").copy()),
                                renames).getJsonArray("p")); // path-level parameters, made the operation's own
                    }
                    operation.put("x-rag-service", doc.service());
                    addProblemResponses(operation, path, route.get().isPublic(concrete),
                            route.get().scopeFor(upper).orElse(null));
                    paths.computeIfAbsent(path, p -> new JsonObject()).put(method, operation);
                }
            }
        }
        schemas.put(PROBLEM, problemSchema());
        schemas.put(OPENAI_ERROR, openAiErrorSchema());
        JsonObject pathsJson = new JsonObject();
        paths.forEach(pathsJson::put);
        JsonObject schemasJson = new JsonObject();
        schemas.forEach(schemasJson::put);
        return new JsonObject()
                .put("openapi", "3.1.0")
                .put("info", new JsonObject()
                        .put("title", "rag-suite public API")
                        .put("version", version)
                        .put("description", "Every public route of rag-suite, as the gateway exposes it (merged from the "
                                + "services' own documents). Errors are RFC 9457 application/problem+json, "
                                + "except on the OpenAI-compatible paths (/v1/*), which answer in OpenAI's error shape."))
                .put("servers", new JsonArray().add(new JsonObject().put("url", "/")))
                .put("paths", pathsJson)
                .put("components", new JsonObject()
                        .put("schemas", schemasJson)
                        .put("securitySchemes", new JsonObject()
                                .put("bearer", new JsonObject().put("type", "http").put("scheme", "bearer")
                                        .put("bearerFormat", "JWT (an access token, or an API key rk_…)"))));
    }

    /** Adds this service's schemas, renaming those whose name another service already uses differently. */
    private static Map<String, String> mergeSchemas(String service, JsonObject own, Map<String, JsonObject> schemas) {
        JsonObject ownSchemas = own.getJsonObject("components", new JsonObject()).getJsonObject("schemas", new JsonObject());
        Map<String, String> renames = new TreeMap<>();
        for (String name : ownSchemas.fieldNames()) {
            JsonObject existing = schemas.get(name);
            if (existing != null && !existing.equals(ownSchemas.getJsonObject(name)) || PROBLEM.equals(name) || OPENAI_ERROR.equals(name)) {
                renames.put(name, service.replace('-', '_') + "_" + name);
            }
        }
        for (String name : ownSchemas.fieldNames()) {
            schemas.put(renames.getOrDefault(name, name), renameRefs(ownSchemas.getJsonObject(name).copy(), renames));
        }
        return renames;
    }

    private static JsonObject renameRefs(JsonObject node, Map<String, String> renames) {
        if (renames.isEmpty()) {
            return node;
        }
        for (String key : node.fieldNames()) {
            Object value = node.getValue(key);
            if ("$ref".equals(key) && value instanceof String ref && ref.startsWith("#/components/schemas/")) {
                String name = ref.substring("#/components/schemas/".length());
                if (renames.containsKey(name)) {
                    node.put(key, "#/components/schemas/" + renames.get(name));
                }
            } else if (value instanceof JsonObject child) {
                renameRefs(child, renames);
            } else if (value instanceof JsonArray array) {
                for (Object element : array) {
                    if (element instanceof JsonObject child) {
                        renameRefs(child, renames);
                    }
                }
            }
        }
        return node;
    }

    /** The problem answers an operation can give, beside those its service already documents. */
    private static void addProblemResponses(JsonObject operation, String path, boolean isPublic, String scope) {
        JsonObject errors = errorContent(path);
        JsonObject responses = operation.getJsonObject("responses");
        if (responses == null) {
            responses = new JsonObject();
            operation.put("responses", responses);
        }
        boolean hasInput = operation.containsKey("requestBody") || operation.getJsonArray("parameters", new JsonArray()).size() > 0;
        if (hasInput) {
            problem(responses, errors, "400", "The request is malformed or a field or parameter is invalid (errors lists each field).");
        }
        if (!isPublic) {
            problem(responses, errors, "401", "No valid access token or API key, or the session was revoked.");
            problem(responses, errors, "403", scope == null
                    ? "The caller may not do this (role), or API keys cannot be used here."
                    : "The caller may not do this (role), or the API key lacks the scope " + scope + ".");
            operation.put("security", new JsonArray().add(new JsonObject().put("bearer", new JsonArray())));
        }
        if (path.contains("{")) {
            problem(responses, errors, "404", "No such resource, or it is not the caller's.");
        }
        if (operation.containsKey("requestBody")) {
            problem(responses, errors, "413", "The body is larger than this route accepts.");
            problem(responses, errors, "415", "The body's media type is not one this route accepts.");
        }
        problem(responses, errors, "429", "A rate limit, a login throttle or a daily quota was reached (see Retry-After).");
        problem(responses, errors, "503", "A service this request needs cannot be reached; nothing was changed.");
    }

    /** problem+json, or OpenAI's error shape on the OpenAI-compatible paths (what their clients parse). */
    private static JsonObject errorContent(String path) {
        return OpenAiError.appliesTo(path)
                ? new JsonObject().put(OpenAiError.MEDIA_TYPE, new JsonObject().put("schema", new JsonObject().put("$ref", OPENAI_ERROR_REF)))
                : new JsonObject().put(Problem.MEDIA_TYPE, new JsonObject().put("schema", new JsonObject().put("$ref", PROBLEM_REF)));
    }

    private static void problem(JsonObject responses, JsonObject problemContent, String status, String description) {
        JsonObject existing = responses.getJsonObject(status);
        if (existing == null) {
            responses.put(status, new JsonObject().put("description", description).put("content", problemContent.copy()));
        } else if (!existing.containsKey("content")) {
            existing.put("content", problemContent.copy());
        }
    }

    private static JsonObject problemSchema() {
        JsonObject string = new JsonObject().put("type", "string");
        return new JsonObject()
                .put("type", "object")
                .put("description", "RFC 9457 problem details; never an exception name or a stack trace")
                .put("required", new JsonArray().add("title").add("status"))
                .put("properties", new JsonObject()
                        .put("type", string.copy())
                        .put("title", string.copy())
                        .put("status", new JsonObject().put("type", "integer"))
                        .put("detail", string.copy())
                        .put("instance", string.copy())
                        .put("errors", new JsonObject().put("type", "array").put("items", new JsonObject()
                                .put("type", "object")
                                .put("properties", new JsonObject().put("field", string.copy()).put("message", string.copy())))));
    }

    private static JsonObject openAiErrorSchema() {
        JsonObject string = new JsonObject().put("type", "string");
        JsonObject nullableString = new JsonObject().put("type", new JsonArray().add("string").add("null"));
        return new JsonObject()
                .put("type", "object")
                .put("description", "OpenAI's error shape, on the OpenAI-compatible paths (/v1/*) only")
                .put("required", new JsonArray().add("error"))
                .put("properties", new JsonObject().put("error", new JsonObject()
                        .put("type", "object")
                        .put("required", new JsonArray().add("message").add("type"))
                        .put("properties", new JsonObject()
                                .put("message", string.copy())
                                .put("type", string.copy())
                                .put("param", nullableString.copy())
                                .put("code", nullableString.copy()))));
    }
}
