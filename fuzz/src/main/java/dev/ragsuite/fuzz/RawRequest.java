package dev.ragsuite.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One request exactly as it goes on the wire. The fuzzer writes requests itself (a raw socket, not an
 * HTTP client library) because it must send what libraries refuse to: odd methods, unencoded and
 * over-long paths, duplicated or malformed headers, a Content-Length that the body does not honour.
 *
 * @param cutAfter when ≥ 0, only this many body bytes are sent, then the connection's output is
 *                 closed (a body cut short); otherwise the whole body
 */
public record RawRequest(String label, String method, String target, List<String[]> headers, byte[] body, int cutAfter) {

    public static RawRequest of(String label, String method, String target) {
        return new RawRequest(label, method, target, new ArrayList<>(), new byte[0], -1);
    }

    public RawRequest header(String name, String value) {
        headers.add(new String[] { name, value });
        return this;
    }

    public RawRequest withBody(String contentType, byte[] bytes) {
        RawRequest r = new RawRequest(label, method, target, headers, bytes, cutAfter);
        if (contentType != null) {
            r.header("Content-Type", contentType);
        }
        return r;
    }

    public RawRequest cutAfter(int bytes) {
        return new RawRequest(label, method, target, headers, body, bytes);
    }

    public RawRequest relabel(String newLabel) {
        return new RawRequest(newLabel, method, target, headers, body, cutAfter);
    }

    public boolean hasHeader(String name) {
        return headers.stream().anyMatch(h -> h[0].equalsIgnoreCase(name));
    }

    /** The request as text for a report: the head, and at most 600 characters of the body. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        out.append('[').append(label).append("] ").append(method).append(' ').append(abbreviate(target, 300)).append('\n');
        for (String[] h : headers) {
            out.append("  ").append(h[0]).append(": ").append(abbreviate(h[1], 200)).append('\n');
        }
        if (body.length > 0) {
            out.append("  body (").append(body.length).append(" bytes").append(cutAfter >= 0 ? ", cut after " + cutAfter : "")
                    .append("): ").append(abbreviate(new String(body, StandardCharsets.UTF_8), 600)).append('\n');
        }
        return out.toString();
    }

    /** Everything the request carried, to tell an echo of our own input from a leak. */
    public String allText() {
        StringBuilder out = new StringBuilder(method).append(' ').append(target).append('\n');
        headers.forEach(h -> out.append(h[0]).append(": ").append(h[1]).append('\n'));
        return out.append(new String(body, StandardCharsets.UTF_8)).toString();
    }

    static String abbreviate(String text, int max) {
        String escaped = text.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0");
        return escaped.length() <= max ? escaped : escaped.substring(0, max) + "…(" + escaped.length() + " chars)";
    }
}
