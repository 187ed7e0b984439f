package dev.ragsuite.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.fuzz.FuzzReport;
import dev.ragsuite.fuzz.Fuzzer;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seeded short pass of the schema-driven fuzzer ({@code ./rag fuzz} runs the long one on a suite of
 * its own with rate limits off): 1,000 hostile requests over every public route, generated from the
 * gateway's OpenAPI document, as an anonymous caller, a user, a narrow API key and forged, tampered and
 * revoked credentials. No answer may be a 5xx or show internals. Last of the classes: it leaves junk.
 */
@Order(10)
@ExtendWith(SuiteExtension.class)
class FuzzIT {

    static final long SEED = Long.getLong("rag.fuzz.seed", 20261206L);
    static final int REQUESTS = Integer.getInteger("rag.fuzz.requests", 1000);

    @Test
    void aThousandHostileRequestsGetNo5xxAndLeakNothing() throws Exception {
        Suite suite = SuiteExtension.suite();
        FuzzReport report = new Fuzzer(new Fuzzer.Options(URI.create(suite.gatewayUrl()), REQUESTS, 0, SEED, 4, 2_000)).run();
        System.out.println(report.table());
        suite.report.add(String.format("fuzz: %d requests (seed %d) in %.1f s: %s, 5xx %d, leaks %d", report.requests, SEED,
                report.seconds, report.byStatusClass, report.serverErrors.size(), report.leaks.size()));
        assertEquals(REQUESTS, report.requests, "every request was sent");
        assertTrue(report.operations >= 25, "the fuzzer saw the whole public API: " + report.operations + " operations");
        assertTrue(report.count("4xx") > REQUESTS / 2, "most hostile requests are refused with a 4xx: " + report.byStatusClass);
        assertTrue(report.count("2xx") > 0, "some requests are well-formed enough to succeed: " + report.byStatusClass);
        assertEquals(List.of(), report.serverErrors, report.table());
        assertEquals(List.of(), report.leaks, report.table());
    }
}
