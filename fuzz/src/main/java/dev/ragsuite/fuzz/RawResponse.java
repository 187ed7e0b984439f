package dev.ragsuite.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What came back: the status (0 when the server closed the connection without an answer), the
 * headers (names lower-cased) and the body as read (a stream is read for a bounded time only).
 */
public record RawResponse(int status, Map<String, List<String>> headers, String body, boolean streamCut, String error) {

    public static RawResponse noAnswer(String error) {
        return new RawResponse(0, Map.of(), "", false, error);
    }

    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** "2xx", "4xx", ... or "no answer". */
    public String statusClass() {
        return status == 0 ? "no answer" : (status / 100) + "xx";
    }
}
