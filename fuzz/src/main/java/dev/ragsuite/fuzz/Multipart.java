package dev.ragsuite.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/** multipart/form-data upload bodies: a well-formed one, and the malformed and truncated kinds. */
final class Multipart {

    private Multipart() {
    }

    static RawRequest body(RawRequest request, boolean malformed, SplittableRandom r) {
        String boundary = "fuzzb" + Long.toHexString(r.nextLong());
        String filename = "note" + r.nextInt(1000) + ".txt";
        String content = "A short note " + r.nextInt(1_000_000) + " about lighthouses and ships.\n";
        if (!malformed) {
            return request.withBody("multipart/form-data; boundary=" + boundary, form(boundary, "file", filename, "text/plain", content, true));
        }
        return switch (r.nextInt(16)) {
            case 0 -> request.withBody("multipart/form-data", form(boundary, "file", filename, "text/plain", content, true)); // no boundary
            case 1 -> request.withBody("multipart/form-data; boundary=other", form(boundary, "file", filename, "text/plain", content, true));
            case 2 -> { // cut short: the declared length is never sent
                byte[] full = form(boundary, "file", filename, "text/plain", content.repeat(50), true);
                yield request.withBody("multipart/form-data; boundary=" + boundary, full).cutAfter(full.length / 3);
            }
            case 3 -> request.withBody("multipart/form-data; boundary=" + boundary, form(boundary, "file", filename, "text/plain", content, false));
            case 4 -> request.withBody("multipart/form-data; boundary=" + boundary,
                    form(boundary, "file", "../../../../etc/passwd", "text/plain", content, true));
            case 5 -> request.withBody("multipart/form-data; boundary=" + boundary,
                    form(boundary, "file", "a\u0000b.txt\r\nX-Evil: 1", "text/plain", content, true));
            case 6 -> request.withBody("multipart/form-data; boundary=" + boundary,
                    form(boundary, "file", "n".repeat(10_000) + ".txt", "text/plain", content, true));
            case 7 -> request.withBody("multipart/form-data; boundary=" + boundary, form(boundary, "file", filename, "text/plain", "", true));
            case 8 -> request.withBody("multipart/form-data; boundary=" + boundary, form(boundary, "other", filename, "text/plain", content, true));
            case 9 -> { // two file parts
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                b.writeBytes(part(boundary, "file", "one.txt", "text/plain", content));
                b.writeBytes(part(boundary, "file", "two.txt", "text/plain", content));
                b.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
                yield request.withBody("multipart/form-data; boundary=" + boundary, b.toByteArray());
            }
            case 10 -> request.withBody("multipart/form-data; boundary=" + boundary,
                    ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"\r\n").getBytes(StandardCharsets.UTF_8));
            case 11 -> request.withBody("multipart/form-data; boundary=" + "b".repeat(200),
                    form("b".repeat(200), "file", filename, "text/plain", content, true));
            case 12 -> request.withBody("multipart/mixed; boundary=" + boundary, form(boundary, "file", filename, "text/plain", content, true));
            case 13 -> request.withBody("multipart/form-data; boundary=" + boundary,
                    form(boundary, "file", "evil.pdf", "application/pdf", "%PDF-1.7\n" + "garbage ".repeat(100), true));
            case 14 -> request.withBody("multipart/form-data; boundary=" + boundary, "just some bytes, no parts".getBytes(StandardCharsets.UTF_8));
            default -> request.withBody("multipart/form-data; boundary=\"" + boundary + "\"; charset=\"utf-7\"",
                    form(boundary, "file", "ünï©ødé €.txt", "text/plain; charset=utf-7", content, true));
        };
    }

    private static byte[] form(String boundary, String field, String filename, String type, String content, boolean close) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(part(boundary, field, filename, type, content));
        if (close) {
            b.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return b.toByteArray();
    }

    private static byte[] part(String boundary, String field, String filename, String type, String content) {
        return ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + type + "\r\n\r\n" + content + "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
