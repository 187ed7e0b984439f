package dev.ragsuite.common.logging;

import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The request log: one line per API request ({@code POST /api/chat -> 200 (85 ms)}) in the
 * category {@value #CATEGORY}, written while the request's log context (MDC) holds
 * {@code traceId}/{@code spanId} (Quarkus OpenTelemetry), {@value #REQUEST_ID} and {@value #USER_ID}.
 * The gateway gives every request an {@value #HEADER} and forwards it; each service logs it again, so
 * one id (and one trace id) finds a request's lines in every service's log. Never tokens, bodies or queries.
 */
public final class RequestLog {

    public static final String CATEGORY = "dev.ragsuite.request";
    public static final String HEADER = "X-Request-Id";
    /** MDC keys (the JSON log's {@code mdc} object). */
    public static final String REQUEST_ID = "requestId";
    public static final String USER_ID = "userId";

    private static final Pattern ACCEPTABLE_ID = Pattern.compile("[A-Za-z0-9._:-]{8,128}");
    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private RequestLog() {
    }

    /** Whether a caller's request id is a sane token worth keeping (and safe to log). */
    public static boolean acceptableId(String id) {
        return id != null && ACCEPTABLE_ID.matcher(id).matches();
    }

    public static void requestId(String id) {
        if (acceptableId(id)) {
            MDC.put(REQUEST_ID, id);
        }
    }

    public static void userId(String subject) {
        if (subject != null && !subject.isBlank()) {
            MDC.put(USER_ID, subject);
        }
    }

    /** @param path the request path, without its query string */
    public static void completed(String method, String path, int status, long startNanos) {
        LOG.infof("%s %s -> %d (%d ms)", method, path, status, (System.nanoTime() - startNanos) / 1_000_000);
    }
}
