package dev.ragsuite.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one connection per request ({@code Connection: close}), so that a
 * malformed request can never confuse the next one. Reads Content-Length and chunked bodies; an
 * event stream or a body without a length is read until the server closes it or the read budget
 * ends (then {@code streamCut}).
 */
public final class RawHttp {

    private static final int MAX_BODY = 1 << 20;

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private final long streamBudgetMillis;

    public RawHttp(String host, int port, int timeoutMillis, long streamBudgetMillis) {
        this.host = host;
        this.port = port;
        this.timeoutMillis = timeoutMillis;
        this.streamBudgetMillis = streamBudgetMillis;
    }

    public RawResponse send(RawRequest request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            out.write(head(request));
            byte[] body = request.body();
            if (request.cutAfter() >= 0) {
                out.write(body, 0, Math.min(request.cutAfter(), body.length));
                out.flush();
                socket.shutdownOutput();
            } else {
                out.write(body);
                out.flush();
            }
            return read(socket.getInputStream(), request.method());
        } catch (SocketTimeoutException e) {
            return RawResponse.noAnswer("no answer within " + timeoutMillis + " ms");
        } catch (IOException e) {
            return RawResponse.noAnswer(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private byte[] head(RawRequest request) {
        StringBuilder head = new StringBuilder();
        head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
        if (!request.hasHeader("Host")) {
            head.append("Host: ").append(host).append(':').append(port).append("\r\n");
        }
        for (String[] h : request.headers()) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        if (!request.hasHeader("Content-Length") && !request.hasHeader("Transfer-Encoding")
                && (request.body().length > 0 || !"GET".equals(request.method()))) {
            head.append("Content-Length: ").append(request.body().length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    private RawResponse read(InputStream in, String method) throws IOException {
        String statusLine = line(in);
        if (statusLine == null || statusLine.isEmpty()) {
            return RawResponse.noAnswer("the connection closed without an answer");
        }
        String[] parts = statusLine.split(" ", 3);
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            return RawResponse.noAnswer("not an HTTP status line: " + RawRequest.abbreviate(statusLine, 120));
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(h.substring(colon + 1).trim());
            }
        }
        if ("HEAD".equals(method) || status == 204 || status == 304 || status / 100 == 1) {
            return new RawResponse(status, headers, "", false, null);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean cut = false;
        long deadline = System.currentTimeMillis() + streamBudgetMillis;
        try {
            String te = first(headers, "transfer-encoding");
            String cl = first(headers, "content-length");
            if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                cut = readChunked(in, body, deadline);
            } else if (cl != null) {
                long length = Long.parseLong(cl.trim());
                cut = copy(in, body, Math.min(length, MAX_BODY), deadline);
            } else {
                cut = copy(in, body, MAX_BODY, deadline);
            }
        } catch (SocketTimeoutException e) {
            cut = true; // a stream that stays open: what was read is the answer
        } catch (NumberFormatException e) {
            return new RawResponse(status, headers, "", false, "bad Content-Length");
        }
        return new RawResponse(status, headers, body.toString(StandardCharsets.UTF_8), cut, null);
    }

    private boolean readChunked(InputStream in, ByteArrayOutputStream body, long deadline) throws IOException {
        while (true) {
            if (System.currentTimeMillis() > deadline || body.size() >= MAX_BODY) {
                return true;
            }
            String sizeLine = line(in);
            if (sizeLine == null) {
                return false;
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                return false;
            }
            if (copy(in, body, size, deadline)) {
                return true;
            }
            line(in);
        }
    }

    /** Copies up to {@code max} bytes; true when the deadline cut it short. */
    private static boolean copy(InputStream in, ByteArrayOutputStream out, long max, long deadline) throws IOException {
        byte[] buffer = new byte[8192];
        long left = max;
        while (left > 0) {
            if (System.currentTimeMillis() > deadline) {
                return true;
            }
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                return false;
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        return false;
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
            if (line.size() > 65536) {
                break;
            }
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
