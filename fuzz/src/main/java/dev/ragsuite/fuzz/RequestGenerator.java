package dev.ragsuite.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ragsuite.fuzz.ApiModel.Operation;
import dev.ragsuite.fuzz.ApiModel.Parameter;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Request {@code i} of a run, from the seed alone: the operation, the caller and the attack are drawn
 * from a generator seeded with (seed, i), so any request of a report can be made again by its number.
 */
public final class RequestGenerator {

    /** Who the request claims to be. */
    public enum Caller { ANONYMOUS, USER, API_KEY, API_KEY_HEADER, REVOKED, TAMPERED_EXPIRED, ALG_NONE, GARBAGE, FAKE_API_KEY }

    /** What is wrong with the request. */
    public enum Attack {
        VALID, WRONG_TYPES, MISSING_FIELDS, EXTRA_FIELDS, BOUNDARY_NUMBERS, ODD_STRINGS, MALFORMED_JSON, BAD_MULTIPART,
        BAD_HEADERS, ODD_METHOD, ODD_PATH, FOREIGN_IDS
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RAW_LITERAL = Pattern.compile("\"" + Pattern.quote(Values.RAW) + "(.*?)@@\"");
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}/]+)}");
    /** Requests that end the caller's sessions: sent as the expendable user, never as user A. */
    private static final Pattern ENDS_SESSIONS = Pattern.compile("^(POST /api/auth/logout|DELETE /api/auth/sessions.*|POST /api/auth/password)$");

    private final long seed;
    private final ApiModel model;
    private final Values values;
    private final Identities ids;
    private final List<Operation> operations;

    public RequestGenerator(long seed, ApiModel model, Identities ids) {
        this.seed = seed;
        this.model = model;
        this.values = new Values(model);
        this.ids = ids;
        this.operations = model.operations();
        if (operations.isEmpty()) {
            throw new IllegalArgumentException("the OpenAPI document has no operations");
        }
    }

    /** The generated request and how it was made. */
    public record Generated(int index, Operation operation, Caller caller, Attack attack, RawRequest request, boolean endsSessions) {
    }

    public Generated next(int index) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 1);
        Operation op = operations.get(r.nextInt(operations.size()));
        Attack attack = Attack.values()[r.nextInt(Attack.values().length)];
        Caller caller = pickCaller(r);
        boolean endsSessions = caller == Caller.USER && ENDS_SESSIONS.matcher(op.id()).matches();
        String label = "#" + index + " " + op.id() + " " + caller + " " + attack;

        String path = fillPath(op, attack, r);
        String query = query(op, attack, r);
        String method = op.method();
        if (attack == Attack.ODD_METHOD) {
            method = pick(r, List.of("PROPFIND", "TRACE", "get", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS", "FOO", "M".repeat(300),
                    "CONNECT"));
        }
        if (attack == Attack.ODD_PATH) {
            path = oddPath(path, r);
        }
        RawRequest request = RawRequest.of(label, method, path + query);
        credentials(request, caller, endsSessions);
        request = body(request, op, attack, r);
        if (attack == Attack.BAD_HEADERS) {
            request = badHeaders(request, r);
        }
        return new Generated(index, op, caller, attack, request, endsSessions);
    }

    private static Caller pickCaller(SplittableRandom r) {
        int roll = r.nextInt(100);
        if (roll < 50) {
            return Caller.USER;
        }
        if (roll < 62) {
            return Caller.API_KEY;
        }
        if (roll < 67) {
            return Caller.API_KEY_HEADER;
        }
        if (roll < 80) {
            return Caller.ANONYMOUS;
        }
        Caller[] bad = { Caller.REVOKED, Caller.TAMPERED_EXPIRED, Caller.ALG_NONE, Caller.GARBAGE, Caller.FAKE_API_KEY };
        return bad[r.nextInt(bad.length)];
    }

    private void credentials(RawRequest request, Caller caller, boolean endsSessions) {
        switch (caller) {
            case USER -> request.header("Authorization", "Bearer " + (endsSessions ? ids.expendableToken : ids.userToken));
            case API_KEY -> request.header("Authorization", "Bearer " + ids.apiKey);
            case API_KEY_HEADER -> request.header("X-API-Key", ids.apiKey);
            case REVOKED -> request.header("Authorization", "Bearer " + ids.revokedToken);
            case TAMPERED_EXPIRED -> request.header("Authorization", "Bearer " + tampered(ids.userToken));
            case ALG_NONE -> request.header("Authorization", "Bearer " + algNone(ids.userToken));
            case GARBAGE -> request.header("Authorization", "Bearer not.a.jwt");
            case FAKE_API_KEY -> request.header("Authorization", "Bearer rk_" + "0".repeat(40));
            case ANONYMOUS -> {
            }
        }
    }

    /** The same token with {@code exp} in the past and the original signature (so a forgery too). */
    static String tampered(String jwt) {
        String[] parts = jwt.split("\\.");
        try {
            ObjectNode payload = (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            payload.put("exp", 1_000_000_000L);
            payload.putArray("groups").add("admin");
            return parts[0] + "." + b64(JSON.writeValueAsBytes(payload)) + "." + parts[2];
        } catch (java.io.IOException | RuntimeException e) {
            return jwt + "x";
        }
    }

    static String algNone(String jwt) {
        String[] parts = jwt.split("\\.");
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + (parts.length > 1 ? parts[1] : "") + ".";
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String fillPath(Operation op, Attack attack, SplittableRandom r) {
        Matcher m = PATH_PARAM.matcher(op.path());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value;
            if (attack == Attack.FOREIGN_IDS && !ids.foreignIds.isEmpty()) {
                value = pick(r, ids.foreignIds);
            } else if (attack == Attack.ODD_STRINGS || attack == Attack.WRONG_TYPES) {
                value = pick(r, List.of("abc", "-1", "0", "%00", "..%2f..%2fetc%2fpasswd", "%2e%2e", "x".repeat(5000), "9".repeat(40),
                        "null", "%F0%9F%92%A9", "1;DROP", "%ZZ", "' OR 1=1"));
            } else if (r.nextInt(4) == 0 || ids.ownIds.isEmpty()) {
                value = new UUID(r.nextLong(), r.nextLong()).toString();
            } else {
                value = pick(r, ids.ownIds);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String query(Operation op, Attack attack, SplittableRandom r) {
        List<String> pairs = new ArrayList<>();
        for (Parameter p : op.parameters()) {
            if (!"query".equals(p.in()) || (!p.required() && r.nextInt(3) == 0)) {
                continue;
            }
            String value = switch (attack) {
                case BOUNDARY_NUMBERS -> pick(r, Values.BOUNDARY_NUMBERS);
                case WRONG_TYPES -> pick(r, List.of("abc", "true", "[]", "1.5", "", "%00"));
                case ODD_STRINGS -> Values.oddString(r).asText();
                default -> values.plausible(p.schema(), r, 0).asText();
            };
            pairs.add(p.name() + "=" + (attack == Attack.ODD_STRINGS && r.nextBoolean() ? value
                    : URLEncoder.encode(value, StandardCharsets.UTF_8)));
        }
        if (attack == Attack.EXTRA_FIELDS) {
            pairs.add("page=1&page=2&size=1&size=-5&admin=true&__proto__=x");
        }
        if (attack == Attack.ODD_STRINGS && r.nextInt(5) == 0) {
            pairs.add("q=" + "a%".repeat(2000));
        }
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs).replace(" ", "%20").replace("\r", "%0D").replace("\n", "%0A");
    }

    private static String oddPath(String path, SplittableRandom r) {
        return switch (r.nextInt(14)) {
            case 0 -> path + "/";
            case 1 -> path.replaceFirst("/api/", "//api//");
            case 2 -> "/api/../q/metrics";
            case 3 -> "/api/%2e%2e/q/health";
            case 4 -> path + "%00";
            case 5 -> path + ";jsessionid=1";
            case 6 -> path.replace('/', '\\');
            case 7 -> path + "/" + "a".repeat(9000);
            case 8 -> path + "/ü/€";
            case 9 -> "http://evil.example" + path;
            case 10 -> "*";
            case 11 -> path + "/%ZZ%";
            case 12 -> "/api/internal/v1/search";
            default -> path.toUpperCase(java.util.Locale.ROOT);
        };
    }

    private RawRequest body(RawRequest request, Operation op, Attack attack, SplittableRandom r) {
        if (op.bodies().isEmpty() && attack != Attack.MALFORMED_JSON && attack != Attack.BAD_MULTIPART) {
            return request;
        }
        String mediaType = op.bodies().isEmpty() ? "application/json" : pick(r, new ArrayList<>(op.bodies().keySet()));
        JsonNode schema = op.bodies().getOrDefault(mediaType, ApiModel.emptyObject());
        if (attack == Attack.BAD_MULTIPART || mediaType.startsWith("multipart/")) {
            return Multipart.body(request, attack == Attack.BAD_MULTIPART || attack != Attack.VALID && r.nextBoolean(), r);
        }
        if (attack == Attack.MALFORMED_JSON) {
            return malformedJson(request, values.plausible(schema, r, 0), r);
        }
        JsonNode body = values.plausible(schema, r, 0);
        if (body.isObject()) {
            ObjectNode o = (ObjectNode) body;
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            switch (attack) {
                case WRONG_TYPES -> names.stream().filter(n -> r.nextBoolean())
                        .forEach(n -> o.set(n, values.wrongType(model.properties(schema).get(n), r)));
                case MISSING_FIELDS -> names.stream().filter(n -> r.nextBoolean()).forEach(o::remove);
                case EXTRA_FIELDS -> {
                    o.put("role", "admin").put("ownerId", ids.userId).put("id", new UUID(r.nextLong(), r.nextLong()).toString());
                    o.putObject("__proto__").put("admin", true);
                }
                case BOUNDARY_NUMBERS -> names.forEach(n -> o.set(n, Values.boundaryNumber(r)));
                case ODD_STRINGS -> names.stream().filter(n -> r.nextInt(3) > 0).forEach(n -> o.set(n, Values.oddString(r)));
                default -> {
                }
            }
        }
        return request.withBody(mediaType, json(body));
    }

    static byte[] json(JsonNode node) {
        try {
            String text = JSON.writeValueAsString(node);
            return RAW_LITERAL.matcher(text).replaceAll("$1").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a generated body could not be written as JSON", e);
        }
    }

    private static RawRequest malformedJson(RawRequest request, JsonNode plausible, SplittableRandom r) {
        byte[] valid = json(plausible);
        String text = new String(valid, StandardCharsets.UTF_8);
        return switch (r.nextInt(14)) {
            case 0 -> request.withBody("application/json", java.util.Arrays.copyOf(valid, Math.max(1, valid.length / 2)));
            case 1 -> request.withBody("application/json", (text.replaceFirst("}$", ",}")).getBytes(StandardCharsets.UTF_8));
            case 2 -> request.withBody("application/json", text.replace('"', '\'').getBytes(StandardCharsets.UTF_8));
            case 3 -> request.withBody("application/json", ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8));
            case 4 -> request.withBody("application/json", "{\"question\":1e999999,\"topK\":1e999999}".getBytes(StandardCharsets.UTF_8));
            case 5 -> request.withBody("application/json", "{\"a\":1,\"a\":2,\"email\":\"x\",\"email\":[]}".getBytes(StandardCharsets.UTF_8));
            case 6 -> request.withBody("application/json", ("\ufeff" + text).getBytes(StandardCharsets.UTF_8));
            case 7 -> request.withBody("application/json", pick(r, List.of("[]", "\"text\"", "42", "null", "true")).getBytes(StandardCharsets.UTF_8));
            case 8 -> request.withBody("application/json", new byte[0]);
            case 9 -> {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.writeBytes("{\"question\":\"".getBytes(StandardCharsets.UTF_8));
                b.writeBytes(new byte[] { (byte) 0xC3, 0x28, (byte) 0xED, (byte) 0xA0, (byte) 0x80, (byte) 0xFF });
                b.writeBytes("\",\"email\":\"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1));
                yield request.withBody("application/json", b.toByteArray());
            }
            case 10 -> request.withBody(pick(r, List.of("text/plain", "application/xml", "application/x-www-form-urlencoded", "image/png",
                    "application/json; charset=utf-16", "application/json; charset=nonsense", ";;;", "*/*")), valid);
            case 11 -> request.withBody("application/json", valid).cutAfter(valid.length / 2);
            case 12 -> request.withBody(null, valid);
            default -> request.withBody("application/json", ("{\"x\":\"" + "\\u0000\\ud800".repeat(200) + "\"}").getBytes(StandardCharsets.UTF_8));
        };
    }

    private RawRequest badHeaders(RawRequest request, SplittableRandom r) {
        return switch (r.nextInt(12)) {
            case 0 -> request.header("Authorization", "Bearer " + ids.revokedToken);
            case 1 -> request.header("Content-Type", "text/plain").header("Content-Type", "application/json");
            case 2 -> request.header("Content-Length", "abc");
            case 3 -> request.header("Content-Length", "5").header("Content-Length", "7");
            case 4 -> request.header("Transfer-Encoding", "chunked").header("Content-Length", "4")
                    .withBody(null, "zz\r\nnot a chunk\r\n".getBytes(StandardCharsets.UTF_8));
            case 5 -> request.header("X-Internal-Token", "guess-" + r.nextInt(1000)).header("X-Forwarded-For", "10.0.0.1, 127.0.0.1")
                    .header("X-Forwarded-Port", "8083");
            case 6 -> request.header("X-Request-Id", "x".repeat(20000));
            case 7 -> request.header("Host", "evil.example").header("Host", "127.0.0.1");
            case 8 -> request.header("Content-Encoding", "gzip").header("Accept-Encoding", "br, gzip;q=foo");
            case 9 -> request.header("Expect", "100-continue").header("Range", "bytes=999999999-");
            case 10 -> request.header("Bad Header Name", "v").header("X-Odd", "\u00ff\u00fe");
            default -> request.header("Authorization", "Basic YWRtaW46YWRtaW4=").header("Cookie", "session=../../x");
        };
    }

    static <T> T pick(SplittableRandom r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    /** The operations fuzzed, by id (for the report). */
    public List<String> operationIds() {
        return operations.stream().map(Operation::id).toList();
    }
}
