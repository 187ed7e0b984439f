package dev.ragsuite.chat.support;

import static io.restassured.RestAssured.given;

import dev.ragsuite.testing.PrometheusScrape;
import java.util.Map;

/** Values read from the service's own Prometheus scrape ({@code /q/metrics}). */
public final class ScrapedMetrics {

    private ScrapedMetrics() {
    }

    /** The sum of the samples named {@code name} whose labels include {@code labels}; 0 when there is none. */
    public static double value(String name, Map<String, String> labels) {
        return PrometheusScrape.parse(given().get("/q/metrics").then().statusCode(200).extract().asString()).sum(name, labels);
    }
}
