package dev.ragsuite.testing;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/**
 * Upload requests whose multipart body cannot be parsed, sent byte for byte (an HTTP client library
 * would fix them): each must be refused with a 400 problem, never a 500, by the service and through
 * the gateway alike.
 */
public final class MalformedMultipart {

    /** One broken upload: its {@code Content-Type} and the exact body bytes. */
    public record Form(String name, String contentType, byte[] body) {
    }

    private static final String BOUNDARY = "rag-probe-7d1f3a";
    private static final String PART_HEADERS = "--" + BOUNDARY + "\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"probe.txt\"\r\n"
            + "Content-Type: text/plain\r\n\r\n";
    private static final String CONTENT = "The lighthouse keeper climbed the spiral stairs every evening to light the lamp.\n";
    private static final byte[] WELL_FORMED = (PART_HEADERS + CONTENT + "\r\n--" + BOUNDARY + "--\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    public static final List<Form> FORMS = List.of(
            new Form("wrong boundary", "multipart/form-data; boundary=not-the-one-in-the-body", WELL_FORMED),
            new Form("missing boundary", "multipart/form-data", WELL_FORMED),
            new Form("empty boundary", "multipart/form-data; boundary=", WELL_FORMED),
            new Form("body cut inside the file", multipart(), Arrays.copyOf(WELL_FORMED, PART_HEADERS.length() + 20)),
            new Form("body cut inside the part headers", multipart(), Arrays.copyOf(WELL_FORMED, 40)),
            new Form("no closing boundary", multipart(), Arrays.copyOf(WELL_FORMED, WELL_FORMED.length - BOUNDARY.length() - 6)),
            new Form("part header without a colon", multipart(), ("--" + BOUNDARY + "\r\nContent-Disposition form-data\r\n\r\n"
                    + CONTENT + "\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII)),
            new Form("empty body", multipart(), new byte[0]));

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private MalformedMultipart() {
    }

    /** The body the broken forms are made from, well formed: a control that the probes break only what they say. */
    public static byte[] wellFormed() {
        return WELL_FORMED.clone();
    }

    /** The {@code Content-Type} that matches {@link #wellFormed()}. */
    public static String multipart() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }

    /** Posts each of {@link #FORMS} to {@code uri} with the bearer token and asserts a 400 problem+json for each. */
    public static void assertRefused(URI uri, String bearerToken) {
        assertAll(FORMS.stream().map(form -> (Executable) () -> {
            HttpResponse<String> response = post(uri, bearerToken, form.contentType(), form.body());
            String what = form.name() + ": " + response.statusCode() + " " + response.body();
            assertEquals(400, response.statusCode(), what);
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), what);
            assertTrue(response.body().contains("\"status\":400"), what);
        }));
    }

    public static HttpResponse<String> post(URI uri, String bearerToken, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + bearerToken)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
