package dev.ragsuite.gateway.webapp;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.ragsuite.gateway.UpstreamStandIn;
import dev.ragsuite.testing.TestSecurityEnvironment;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.common.http.TestHTTPResource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The web app served at / from the webapp module's jar: routes, caching, precompressed variants, its CSP. */
@QuarkusTest
@WithTestResource(value = TestSecurityEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStandIn.class, scope = TestResourceScope.GLOBAL)
class WebAppTest {

    @TestHTTPResource("/")
    URI root;

    private static final Pattern SCRIPT = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"");

    @Test
    void theAppIsServedAtTheRootWithItsOwnStrictPolicy() {
        given().get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .header("ETag", not(nullValue()))
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("Content-Security-Policy", containsString("connect-src 'self'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", not(containsString("unsafe")))
                .header("X-Frame-Options", "DENY")
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("<div id=\"app\">"));
    }

    @Test
    void theAppsRoutesAnswerWithItsPageAndOtherPathsAreNotFound() {
        String index = given().get("/").asString();
        given().get("/chat/3f2a9c4e-0000-4000-8000-000000000000").then().statusCode(200).body(equalTo(index));
        given().get("/documents").then().statusCode(200).body(equalTo(index));
        given().get("/nothing-at-all").then().statusCode(404).contentType("application/problem+json");
        given().get("/assets/missing-0000.js").then().statusCode(404).contentType("application/problem+json");
        given().get("/chatter").then().statusCode(404);
    }

    @Test
    void theAppsPageIsRevalidatedWithItsEtag() {
        String etag = given().get("/").header("ETag");
        given().header("If-None-Match", etag).get("/").then().statusCode(304);
        given().header("If-None-Match", "\"something-else\"").get("/").then().statusCode(200);
    }

    @Test
    void hashedAssetsAreImmutableAndSentPrecompressed() throws IOException, InterruptedException {
        String script = scriptOf(given().get("/").asString());
        byte[] identity = resource(script);
        byte[] brotli = resource(script + ".br");
        assertNotNull(brotli, "the build writes a brotli variant");

        HttpResponse<byte[]> plain = get(script, null);
        assertEquals(200, plain.statusCode());
        assertEquals("public, max-age=31536000, immutable", plain.headers().firstValue("Cache-Control").orElse(null));
        assertTrue(plain.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertTrue(plain.headers().firstValue("Content-Encoding").isEmpty());
        assertArrayEquals(identity, plain.body());

        HttpResponse<byte[]> br = get(script, "gzip, deflate, br");
        assertEquals("br", br.headers().firstValue("Content-Encoding").orElse(null));
        assertEquals("Accept-Encoding", br.headers().firstValue("Vary").orElse(null));
        assertArrayEquals(brotli, br.body());

        HttpResponse<byte[]> gzip = get(script, "gzip");
        assertEquals("gzip", gzip.headers().firstValue("Content-Encoding").orElse(null));
        assertArrayEquals(identity, new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes());
    }

    /** java.net.http neither asks for nor undoes a content coding, so the bytes are the ones sent. */
    private HttpResponse<byte[]> get(String path, String acceptEncoding) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve(path));
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theAppIsOnlyRead() {
        given().post("/").then().statusCode(405).header("Allow", "GET, HEAD").contentType("application/problem+json");
        given().head("/").then().statusCode(200).header("Content-Length", not(equalTo("0")));
    }

    @Test
    void theApiKeepsItsOwnPolicy() {
        given().get("/api/auth/jwks").then().header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", not(containsString("script-src")));
        given().get("/q/health/live").then().statusCode(200);
    }

    private static String scriptOf(String index) {
        Matcher matcher = SCRIPT.matcher(index);
        assertTrue(matcher.find(), "index.html loads the app's script");
        return matcher.group(1);
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = WebAppTest.class.getClassLoader().getResourceAsStream(WebAppFiles.CLASSPATH_ROOT + path.substring(1))) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
