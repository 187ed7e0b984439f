package dev.ragsuite.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/** Values for a schema: plausible ones, and the hostile kinds the fuzzer swaps in. */
final class Values {

    static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** A JSON literal written as is into the body (numbers no Java type holds): {@code "@@RAW@@literal@@"}. */
    static final String RAW = "@@RAW@@";

    static final List<String> ODD_STRINGS = List.of(
            "", " ", "\u200b\u200c\u200d\ufeff", "\u202eevil\u202c", "a\u0000b", "\u0000", "\r\nX-Injected: 1", "%0d%0aforged",
            "👩‍💻🏳️‍🌈", "e\u0301\u0301\u0301", "?".repeat(3), "!!!...,,,;;;", "\t\n\u000b\f", "ü".repeat(3000), "A".repeat(20000),
            "${jndi:ldap://127.0.0.1/x}", "{{7*7}}", "' OR '1'='1' --", "\"; DROP TABLE users; --", "<script>alert(1)</script>",
            "../../../../etc/passwd", "..\\..\\windows\\win.ini", "NaN", "null", "true", "-1", "1e999", "%s%s%s%n", "\\u0000",
            "\ud800", "\udfff", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ﷺ".repeat(50), "\u0661\u0662\u0663", "admin@rag-suite.local");

    static final List<String> BOUNDARY_NUMBERS = List.of(
            "-1", "0", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
            "-9223372036854775809", "1e308", "1e309", "-0", "0.5", "1e-400", "99999999999999999999999999999", "100000", "1.0e2");

    private final ApiModel model;

    Values(ApiModel model) {
        this.model = model;
    }

    /** A value the schema allows, as far as the schema says. */
    JsonNode plausible(JsonNode schema, SplittableRandom r, int depth) {
        JsonNode s = model.resolve(schema);
        if (s.has("enum") && s.get("enum").size() > 0) {
            return s.get("enum").get(r.nextInt(s.get("enum").size()));
        }
        String type = type(s);
        switch (type) {
            case "integer": {
                long min = s.path("minimum").asLong(0);
                long max = s.has("maximum") ? s.path("maximum").asLong() : Math.max(min + 20, 20);
                return F.numberNode(min + (max > min ? r.nextLong(Math.min(max - min + 1, 1_000_000)) : 0));
            }
            case "number":
                return F.numberNode(r.nextDouble() * 10);
            case "boolean":
                return F.booleanNode(r.nextBoolean());
            case "array": {
                ArrayNode a = F.arrayNode();
                int n = depth > 3 ? 0 : 1 + r.nextInt(2);
                for (int i = 0; i < n; i++) {
                    a.add(plausible(s.path("items"), r, depth + 1));
                }
                return a;
            }
            case "object": {
                ObjectNode o = F.objectNode();
                if (depth > 4) {
                    return o;
                }
                for (Map.Entry<String, JsonNode> p : model.properties(s).entrySet()) {
                    o.set(p.getKey(), plausible(p.getValue(), r, depth + 1));
                }
                return o;
            }
            default:
                return F.textNode(plausibleString(s, r));
        }
    }

    private static String plausibleString(JsonNode s, SplittableRandom r) {
        String format = s.path("format").asText("");
        switch (format) {
            case "uuid":
                return new UUID(r.nextLong(), r.nextLong()).toString();
            case "email":
                return "someone" + r.nextInt(1_000_000) + "@example.com";
            case "date-time":
                return "2026-12-0" + (1 + r.nextInt(9)) + "T10:00:00Z";
            case "uri":
            case "url":
                return "https://example.com/page" + r.nextInt(100);
            default:
                int min = s.path("minLength").asInt(1);
                int max = s.path("maxLength").asInt(Math.max(min, 24));
                int len = min + r.nextInt(Math.max(1, Math.min(max, 40) - min + 1));
                StringBuilder b = new StringBuilder();
                String words = "what did the notes say about the budget lighthouse ships tesla river ";
                while (b.length() < len) {
                    b.append(words.charAt(r.nextInt(words.length())));
                }
                return b.substring(0, Math.max(len, 0));
        }
    }

    /** A value of another JSON type than the schema's. */
    JsonNode wrongType(JsonNode schema, SplittableRandom r) {
        String type = type(model.resolve(schema));
        List<JsonNode> others = new java.util.ArrayList<>(List.of(F.textNode("not a " + type), F.numberNode(r.nextInt(1000) - 500),
                F.booleanNode(true), F.nullNode(), F.arrayNode().add(1).add("x"), F.objectNode().put("nested", "object")));
        others.removeIf(n -> sameType(n, type));
        return others.get(r.nextInt(others.size()));
    }

    static JsonNode oddString(SplittableRandom r) {
        return F.textNode(ODD_STRINGS.get(r.nextInt(ODD_STRINGS.size())));
    }

    static JsonNode boundaryNumber(SplittableRandom r) {
        return F.textNode(RAW + BOUNDARY_NUMBERS.get(r.nextInt(BOUNDARY_NUMBERS.size())) + "@@");
    }

    static String type(JsonNode s) {
        JsonNode t = s.path("type");
        if (t.isArray()) {
            for (JsonNode each : t) {
                if (!"null".equals(each.asText())) {
                    return each.asText();
                }
            }
        }
        if (t.isTextual()) {
            return t.asText();
        }
        return s.has("properties") ? "object" : "string";
    }

    private static boolean sameType(JsonNode n, String type) {
        return switch (type) {
            case "string" -> n.isTextual();
            case "integer", "number" -> n.isNumber();
            case "boolean" -> n.isBoolean();
            case "array" -> n.isArray();
            case "object" -> n.isObject();
            default -> false;
        };
    }
}
