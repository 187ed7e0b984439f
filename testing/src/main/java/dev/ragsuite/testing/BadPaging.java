package dev.ragsuite.testing;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.function.Executable;

/**
 * The paging values every list endpoint of the public API must refuse with a 400 problem (never a
 * 404 for a number it cannot parse, never a 500 from the database): negative, zero or huge sizes,
 * pages past an int, pages whose offset overflows, words and fractions. An empty value ({@code page=}) is
 * the default, as if absent.
 */
public final class BadPaging {

    public static final List<Map<String, String>> QUERIES = List.of(
            Map.of("page", "-1"),
            Map.of("size", "0"),
            Map.of("size", "-5"),
            Map.of("size", "100000"),
            Map.of("page", "99999999999"),
            Map.of("page", String.valueOf(Integer.MAX_VALUE), "size", "100"),
            Map.of("page", "1000000000", "size", "100"),
            Map.of("page", "abc"),
            Map.of("size", "ten"),
            Map.of("page", "1.5"));

    private BadPaging() {
    }

    /** Sends each of {@link #QUERIES} as a GET to {@code path}, each on a fresh request from {@code request}. */
    public static void assertRefused(Supplier<RequestSpecification> request, String path) {
        assertAll(QUERIES.stream().map(query -> (Executable) () -> {
            Response response = request.get().queryParams(query).get(path);
            String what = "GET " + path + " " + query + " answered " + response.statusCode() + " "
                    + response.body().asString();
            assertEquals(400, response.statusCode(), what);
            assertEquals("application/problem+json", response.contentType().split(";")[0].trim(), what);
            assertEquals(Integer.valueOf(400), response.jsonPath().get("status"), what);
        }));
    }
}
