package dev.ragsuite.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The operations of an OpenAPI document, with their parameters and bodies, {@code $ref}s resolved. */
public final class ApiModel {

    /** One parameter: where it goes ({@code path}, {@code query}, {@code header}), its name and schema. */
    public record Parameter(String name, String in, boolean required, JsonNode schema) {
    }

    /** One operation; {@code bodies} maps each accepted media type to its schema. */
    public record Operation(String method, String path, List<Parameter> parameters, Map<String, JsonNode> bodies,
            boolean secured) {

        public String id() {
            return method + " " + path;
        }
    }

    private final JsonNode document;
    private final List<Operation> operations = new ArrayList<>();

    public ApiModel(JsonNode document) {
        this.document = document;
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields();
            while (ops.hasNext()) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!op.getValue().isObject() || "parameters".equals(op.getKey())) {
                    continue;
                }
                List<Parameter> parameters = new ArrayList<>();
                for (JsonNode p : op.getValue().path("parameters")) {
                    JsonNode param = resolve(p);
                    parameters.add(new Parameter(param.path("name").asText(), param.path("in").asText(),
                            param.path("required").asBoolean(false), resolve(param.path("schema"))));
                }
                Map<String, JsonNode> bodies = new java.util.LinkedHashMap<>();
                JsonNode content = resolve(op.getValue().path("requestBody")).path("content");
                content.fields().forEachRemaining(c -> bodies.put(c.getKey(), resolve(c.getValue().path("schema"))));
                boolean secured = op.getValue().has("security");
                operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), parameters, bodies, secured));
            }
        }
    }

    public List<Operation> operations() {
        return operations;
    }

    /** A node with its {@code $ref} (to this document) followed; a missing target is an empty schema. */
    public JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int depth = 0; depth < 20 && current != null && current.has("$ref"); depth++) {
            String ref = current.get("$ref").asText();
            if (!ref.startsWith("#/")) {
                return JsonNodeFactory.instance.objectNode();
            }
            JsonNode target = document;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part.replace("~1", "/").replace("~0", "~"));
            }
            current = target;
        }
        return current == null || current.isMissingNode() ? JsonNodeFactory.instance.objectNode() : current;
    }

    /** The schema's properties, resolved, in order. */
    public Map<String, JsonNode> properties(JsonNode schema) {
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        JsonNode s = resolve(schema);
        s.path("properties").fields().forEachRemaining(e -> out.put(e.getKey(), resolve(e.getValue())));
        for (JsonNode part : s.path("allOf")) {
            out.putAll(properties(part));
        }
        return out;
    }

    public static ObjectNode emptyObject() {
        return JsonNodeFactory.instance.objectNode();
    }
}
