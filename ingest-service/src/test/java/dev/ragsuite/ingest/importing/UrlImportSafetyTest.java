package dev.ragsuite.ingest.importing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.net.InetAddresses;
import dev.ragsuite.testing.StandInSite;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Server-side request forgery rules of URL imports, without Quarkus: the address notations refused before any
 * connection, the special-purpose ranges refused after resolution, and a redirect chain against a local JDK
 * {@link StandInSite} standing in for the remote site, reached only because the test allows its host by name
 * (as an operator would with RAG_IMPORT_ALLOW).
 */
class UrlImportSafetyTest {

    private static final String PAGE = "<html><head><title>Lamps</title></head><body><p>The lamp room sits at the top.</p></body></html>";

    static StandInSite site;
    static Vertx vertx;
    static String localhost;

    @BeforeAll
    static void start() {
        site = StandInSite.start();
        int port = site.port();
        localhost = site.origin();
        site.html("/page.html", PAGE)
                .redirect("/hop1", 302, localhost + "/hop2")
                .redirect("/hop2", 301, "/page.html") // relative
                .redirect("/to-loopback", 302, "http://127.0.0.1:" + port + "/page.html")
                .redirect("/to-metadata", 307, "http://169.254.169.254/latest/meta-data/")
                .redirect("/to-mapped", 302, "http://[::ffff:127.0.0.1]:" + port + "/")
                .redirect("/loop", 302, "/loop")
                .html("/big", "x".repeat(5_000))
                .page("/gone", 404, "text/plain", "no")
                .page("/down", 503, "text/plain", "later");
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        site.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private static UrlFetcher fetcher(List<String> allow) {
        return new UrlFetcher(vertx, AddressPolicy.of(allow), 5, Duration.ofSeconds(2), Duration.ofSeconds(10), 4_096);
    }

    // --- notations refused before anything is resolved ---

    @ParameterizedTest
    @ValueSource(strings = {"http://2130706433/", "http://0x7f.1/", "http://017700000001/", "http://127.1/",
            "http://0177.0.0.1/", "http://0x7f000001/", "file:///etc/passwd", "gopher://example.org/", "ftp://example.org/x",
            "javascript:alert(1)", "http://user:secret@example.org/", "http:///nohost", "//example.org/", "not a url",
            "http://exa mple.org/", "http://example.org:99999/"})
    void oddNotationsAndOtherSchemesAreRefusedBeforeAnyLookup(String url) {
        ImportRefusedException e = assertThrows(ImportRefusedException.class, () -> ImportUrl.parse(url));
        assertFalse(e.getMessage().isBlank());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.8/",
            "http://172.16.5.4/", "http://192.168.1.1/", "http://100.64.0.1/", "http://100.100.100.200/", "http://0.0.0.0/",
            "http://224.0.0.1/", "http://255.255.255.255/", "http://[::1]/", "http://[::]/", "http://[::ffff:127.0.0.1]/",
            "http://[::ffff:169.254.169.254]/", "http://[fd00:ec2::254]/", "http://[fe80::1]/", "http://[fc00::5]/",
            "http://[ff02::1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:7f00:1::]/", "http://[2001:0::1]/",
            "https://localhost/", "http://198.18.0.1/"})
    void specialAddressesAreRefusedByDefaultNamingWhy(String url) {
        ImportRefusedException e = assertThrows(ImportRefusedException.class, () -> fetcher(List.of()).check(url));
        assertTrue(e.getMessage().contains("refused") && e.getMessage().contains(" is "), e.getMessage());
        assertTrue(e.getMessage().contains("RAG_IMPORT_ALLOW"), e.getMessage());
    }

    @Test
    void theReasonNamesTheKindOfAddress() {
        AddressPolicy policy = AddressPolicy.of(List.of());
        assertEquals("169.254.169.254 is a cloud metadata address", policy.refusal(InetAddresses.forString("169.254.169.254")).orElseThrow());
        assertTrue(policy.refusal(InetAddresses.forString("127.0.0.1")).orElseThrow().contains("loopback"));
        assertTrue(policy.refusal(InetAddresses.forString("10.1.2.3")).orElseThrow().contains("private"));
        assertTrue(policy.refusal(InetAddresses.forString("100.64.1.1")).orElseThrow().contains("carrier-grade NAT"));
        assertTrue(policy.refusal(InetAddresses.forString("64:ff9b::a00:1")).orElseThrow().contains("embeds 10.0.0.1 is a private"));
        assertTrue(policy.refusal(InetAddresses.forString("93.184.215.14")).isEmpty(), "a public address");
        assertTrue(policy.refusal(InetAddresses.forString("2606:2800:21f:cb07:6820:80da:af6b:8b2c")).isEmpty(), "a public IPv6 address");
        assertTrue(policy.refusal(InetAddresses.forString("64:ff9b::5db8:d70e")).isEmpty(), "NAT64 of a public address");
    }

    @Test
    void anOperatorAllowsNamedHostsAndRanges() {
        AddressPolicy policy = AddressPolicy.of(List.of("wiki.internal", "*.corp.example", "10.2.0.0/16", "[::1]", " "));
        assertTrue(policy.hostAllowed("WIKI.internal"));
        assertTrue(policy.hostAllowed("docs.corp.example"));
        assertFalse(policy.hostAllowed("corp.example.evil.org"));
        assertTrue(policy.refusal(InetAddresses.forString("10.2.9.9")).isEmpty());
        assertTrue(policy.refusal(InetAddresses.forString("10.3.0.1")).isPresent());
        assertTrue(policy.refusal(InetAddresses.forString("::1")).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> AddressPolicy.of(List.of("10.0.0.0/33")));
        assertThrows(IllegalArgumentException.class, () -> AddressPolicy.of(List.of("not a host!")));
    }

    // --- fetching through redirects, each hop checked ---

    @Test
    void aRedirectChainIsFollowedAndTheBodyStored(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("page");
        UrlFetcher.Fetched fetched = fetcher(List.of("localhost")).fetch(ImportUrl.parse(localhost + "/hop1"), target);
        assertEquals(localhost + "/page.html", fetched.url().withoutFragment());
        assertEquals(PAGE, Files.readString(target));
        assertEquals(PAGE.length(), fetched.sizeBytes());
        assertTrue(fetched.contentType().startsWith("text/html"));
    }

    @Test
    void theLocalSiteIsRefusedWithoutTheAllowList() {
        ImportRefusedException e = assertThrows(ImportRefusedException.class, () -> fetcher(List.of()).check(localhost + "/page.html"));
        assertTrue(e.getMessage().contains("loopback"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/to-loopback", "/to-metadata", "/to-mapped"})
    void aRedirectToASpecialAddressIsRefused(String path, @TempDir Path dir) {
        ImportRefusedException e = assertThrows(ImportRefusedException.class,
                () -> fetcher(List.of("localhost")).fetch(ImportUrl.parse(localhost + path), dir.resolve("x")));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x")), "nothing was fetched from the refused address");
    }

    @Test
    void limitsAndServerAnswers(@TempDir Path dir) {
        UrlFetcher fetcher = fetcher(List.of("localhost"));
        assertTrue(assertThrows(ImportRefusedException.class, () -> fetcher.fetch(ImportUrl.parse(localhost + "/loop"),
                dir.resolve("a"))).getMessage().contains("more than 5 times"));
        assertTrue(assertThrows(ImportRefusedException.class, () -> fetcher.fetch(ImportUrl.parse(localhost + "/big"),
                dir.resolve("b"))).getMessage().contains("larger than the limit of 4096 bytes"));
        assertTrue(assertThrows(ImportRefusedException.class, () -> fetcher.fetch(ImportUrl.parse(localhost + "/gone"),
                dir.resolve("c"))).getMessage().contains("HTTP 404"));
        assertTrue(assertThrows(UrlFetcher.FetchFailedException.class, () -> fetcher.fetch(ImportUrl.parse(localhost + "/down"),
                dir.resolve("d"))).getMessage().contains("HTTP 503"), "a 5xx is worth another attempt");
    }
}
