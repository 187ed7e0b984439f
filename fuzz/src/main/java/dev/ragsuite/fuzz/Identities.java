package dev.ragsuite.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The callers the fuzzer plays and the real ids it aims at, made through the public API before the
 * run: user A (the fuzzed caller), user B (whose ids A must not reach), an API key of A with one
 * narrow scope, a revoked session's token, and A's and B's document, conversation and message.
 * A's token is renewed when a fuzzed request ends A's sessions (logout, sign out everywhere).
 */
public final class Identities {

    static final String PASSWORD = "fuzzing passphrase 4096 long";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI gateway;
    private final String tag;

    String userEmail;
    volatile String userToken;
    String userId;
    String otherToken;
    String apiKey;
    String apiKeyId;
    String revokedToken;
    /** A token of user S, for the requests that end the caller's sessions (so A's stay usable). */
    volatile String expendableToken;
    private String expendableEmail;
    /** Path-parameter values by kind: A's own and B's ("foreign"). */
    final List<String> ownIds = new ArrayList<>();
    final List<String> foreignIds = new ArrayList<>();

    public Identities(URI gateway, String tag) {
        this.gateway = gateway;
        this.tag = tag;
    }

    /** Registers and signs in the callers and makes their ids; fails with the API's answer if that cannot be done. */
    public Identities create() throws IOException, InterruptedException {
        userEmail = "fuzz-a-" + tag + "@example.com";
        String otherEmail = "fuzz-b-" + tag + "@example.com";
        register(userEmail);
        register(otherEmail);
        userToken = login(userEmail);
        otherToken = login(otherEmail);
        userId = claim(userToken, "sub");
        expendableEmail = "fuzz-s-" + tag + "@example.com";
        register(expendableEmail);
        expendableToken = login(expendableEmail);
        String revokedEmail = "fuzz-r-" + tag + "@example.com";
        register(revokedEmail);
        revokedToken = login(revokedEmail);
        expect(call("POST", "/api/auth/logout", revokedToken, null, null), 204, "logout");

        JsonNode key = JSON.readTree(expect(call("POST", "/api/auth/api-keys", userToken, "application/json",
                "{\"name\":\"fuzz narrow\",\"scopes\":[\"documents:read\"],\"expiresInDays\":1}"), 201, "API key").body());
        apiKey = key.path("key").asText();
        apiKeyId = key.path("id").asText();
        ownIds.add(userId);
        makeData(userToken, ownIds, "the own");
        makeData(otherToken, foreignIds, "the other");
        foreignIds.add(claim(otherToken, "sub"));
        foreignIds.add(claim(otherToken, "sid"));
        ownIds.add(claim(userToken, "sid"));
        return this;
    }

    private void makeData(String token, List<String> ids, String whose) throws IOException, InterruptedException {
        String boundary = "fuzz" + UUID.randomUUID().toString().replace("-", "");
        String text = "Fuzzing notes of " + whose + " user " + tag + ". The lighthouse keeper counted 42 ships.\n";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + whose.replace(' ', '-')
                + "-" + tag + ".txt\"\r\nContent-Type: text/plain\r\n\r\n" + text + "\r\n--" + boundary + "--\r\n";
        HttpResponse<String> upload = call("POST", "/api/documents", token, "multipart/form-data; boundary=" + boundary, body);
        if (upload.statusCode() != 202 && upload.statusCode() != 200) {
            throw new IOException("upload for " + whose + " user answered " + upload.statusCode() + ": " + upload.body());
        }
        ids.add(JSON.readTree(upload.body()).path("id").asText());
        HttpResponse<String> chat = call("POST", "/api/chat", token, "application/json",
                "{\"question\":\"How many ships did the lighthouse keeper count?\"}");
        if (chat.statusCode() == 200) {
            JsonNode answer = JSON.readTree(chat.body());
            ids.add(answer.path("conversationId").asText());
            ids.add(answer.path("messageId").asText());
        }
    }

    /** Signs user A in again (after a fuzzed request ended A's sessions). */
    public void renewUser() {
        try {
            userToken = login(userEmail);
        } catch (IOException e) {
            throw new IllegalStateException("could not sign the fuzzed user in again: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signing the fuzzed user in again", e);
        }
    }

    /**
     * Signs user S in again after a request may have ended its sessions; false when the login is
     * refused (the address is throttled by then): S's requests then go with its dead token.
     */
    public boolean renewExpendable() {
        try {
            expendableToken = login(expendableEmail);
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether A's current token still works. */
    public boolean userTokenWorks() {
        try {
            return call("GET", "/api/auth/me", userToken, null, null).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void register(String email) throws IOException, InterruptedException {
        HttpResponse<String> r = call("POST", "/api/auth/register", null, "application/json",
                JSON.writeValueAsString(Map.of("email", email, "password", PASSWORD, "displayName", "Fuzz " + tag)));
        if (r.statusCode() / 100 != 2) {
            throw new IOException("register " + email + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private String login(String email) throws IOException, InterruptedException {
        HttpResponse<String> r = expect(call("POST", "/api/auth/login", null, "application/json",
                JSON.writeValueAsString(Map.of("email", email, "password", PASSWORD))), 200, "login " + email);
        return JSON.readTree(r.body()).path("accessToken").asText();
    }

    private HttpResponse<String> call(String method, String path, String token, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(gateway.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpResponse<String> r, int status, String what) throws IOException {
        if (r.statusCode() != status) {
            throw new IOException(what + " answered " + r.statusCode() + " (expected " + status + "): " + r.body());
        }
        return r;
    }

    static String claim(String jwt, String name) throws IOException {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IOException("not a JWT: " + RawRequest.abbreviate(jwt, 40));
        }
        return JSON.readTree(Base64.getUrlDecoder().decode(parts[1])).path(name).asText();
    }
}
