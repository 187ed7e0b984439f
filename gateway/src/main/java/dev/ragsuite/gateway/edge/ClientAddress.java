package dev.ragsuite.gateway.edge;

import dev.ragsuite.gateway.config.GatewayConfig;
import io.netty.util.NetUtil;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Singleton;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Who the client is and how it reached us, believing forwarding headers only from configured
 * trusted proxies. With none configured (the default) the client is the TCP peer and the scheme
 * is the connection's own. Otherwise the forwarding chain ({@code Forwarded} when present, else
 * {@code X-Forwarded-For}) is walked right to left, skipping trusted hops: the first untrusted
 * address is the client. Addresses are parsed as literals only, never resolved through DNS.
 *
 * <p>Two signs that the configuration does not fit the network are logged (at most once per
 * {@link #WARN_EVERY_MILLIS} each), because both make many clients share one address for rate
 * limits and lockouts: forwarding headers from a peer that is not trusted (a proxy in front that
 * {@code RAG_TRUSTED_PROXIES} does not list), and a client address that itself lies in a trusted
 * range (a node that SNATs clients into the cluster's range, so the ingress saw the node, not the
 * client). docs/operations.md, "Client addresses behind an ingress", has the safe settings.
 */
@Singleton
public class ClientAddress {

    static final long WARN_EVERY_MILLIS = 300_000;
    private static final Logger LOG = Logger.getLogger(ClientAddress.class);

    /** Why a resolved address may stand for more than one client. */
    enum Doubt { NONE, UNTRUSTED_PROXY, INSIDE_TRUSTED_RANGE }

    /** The client's address and whether the configuration makes it doubtful. */
    record Resolution(String ip, Doubt doubt) {
    }

    private final List<Cidr> trusted;
    private final AtomicLong lastUntrustedProxyWarning = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicLong lastInsideTrustedWarning = new AtomicLong(Long.MIN_VALUE / 2);

    @Inject
    public ClientAddress(GatewayConfig config) {
        this(config.trustedProxies().orElse(List.of()));
    }

    public ClientAddress(List<String> trustedProxies) {
        this.trusted = trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
    }

    /** The client's IP address as text (normalised), or {@code "unknown"} when the peer has none. */
    public String clientIp(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        Resolution resolution = resolve(peer, request.getHeader("Forwarded"), request.headers().getAll("X-Forwarded-For"));
        warnIfDoubtful(resolution, peer, System.currentTimeMillis());
        return resolution.ip();
    }

    String clientIp(String peer, String forwarded, List<String> xForwardedFor) {
        return resolve(peer, forwarded, xForwardedFor).ip();
    }

    Resolution resolve(String peer, String forwarded, List<String> xForwardedFor) {
        byte[] peerBytes = peer == null ? null : bytes(peer);
        if (peerBytes == null) {
            return new Resolution("unknown", Doubt.NONE);
        }
        boolean forwardingHeaders = (forwarded != null && !forwarded.isBlank())
                || xForwardedFor.stream().anyMatch(v -> !v.isBlank());
        if (!isTrusted(peerBytes)) {
            return new Resolution(format(peerBytes), forwardingHeaders ? Doubt.UNTRUSTED_PROXY : Doubt.NONE);
        }
        List<String> chain = forwarded != null && !forwarded.isBlank() ? forwardedFor(forwarded) : split(xForwardedFor);
        byte[] nearest = peerBytes;
        for (int i = chain.size() - 1; i >= 0; i--) {
            byte[] hop = bytes(chain.get(i));
            if (hop == null) {
                // garbage or an obfuscated hop: the last trusted proxy is as far as we can vouch for
                return new Resolution(format(nearest), Doubt.NONE);
            }
            if (!isTrusted(hop)) {
                return new Resolution(format(hop), Doubt.NONE);
            }
            nearest = hop;
        }
        // every hop was trusted: either a request from a proxy itself, or a client address inside a trusted range
        return new Resolution(format(nearest), chain.isEmpty() ? Doubt.NONE : Doubt.INSIDE_TRUSTED_RANGE);
    }

    /** Logs a doubtful resolution, each kind at most once per {@link #WARN_EVERY_MILLIS}; true when it logged. */
    boolean warnIfDoubtful(Resolution resolution, String peer, long nowMillis) {
        AtomicLong last = switch (resolution.doubt()) {
            case NONE -> null;
            case UNTRUSTED_PROXY -> lastUntrustedProxyWarning;
            case INSIDE_TRUSTED_RANGE -> lastInsideTrustedWarning;
        };
        if (last == null) {
            return false;
        }
        long previous = last.get();
        if (nowMillis - previous < WARN_EVERY_MILLIS || !last.compareAndSet(previous, nowMillis)) {
            return false;
        }
        if (resolution.doubt() == Doubt.UNTRUSTED_PROXY) {
            LOG.warnf("A request carried forwarding headers from %s, which rag.gateway.trusted-proxies (RAG_TRUSTED_PROXIES) "
                    + "does not list: if a proxy or ingress controller sits in front of the gateway, every client behind it "
                    + "shares its address for rate limits and lockouts (docs/operations.md, \"Client addresses behind an ingress\")",
                    peer);
        } else {
            LOG.warnf("A client address (%s) lies inside rag.gateway.trusted-proxies (RAG_TRUSTED_PROXIES): the proxy in front "
                    + "saw a node or another proxy, not the client (e.g. a node that SNATs traffic), so clients share addresses "
                    + "for rate limits and lockouts and may choose their own through X-Forwarded-For; narrow the trusted ranges "
                    + "to the ingress controller's pods and keep client addresses (docs/operations.md, \"Client addresses behind an ingress\")",
                    resolution.ip());
        }
        return true;
    }

    /** Whether the request reached the edge over HTTPS: the connection's own TLS, or a trusted proxy's word. */
    public boolean isHttps(HttpServerRequest request) {
        if (request.isSSL()) {
            return true;
        }
        return "https".equals(forwardedProto(request));
    }

    /** The scheme a trusted proxy says the client used ({@code http}/{@code https}), or null when no trusted proxy says. */
    public String forwardedProto(HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        byte[] peerBytes = peer == null ? null : bytes(peer);
        if (peerBytes == null || !isTrusted(peerBytes)) {
            return null;
        }
        String forwarded = request.getHeader("Forwarded");
        String proto = null;
        if (forwarded != null && !forwarded.isBlank()) {
            List<String> elements = splitTopLevel(forwarded, ',');
            proto = param(elements.get(elements.size() - 1), "proto");
        }
        if (proto == null) {
            List<String> values = split(request.headers().getAll("X-Forwarded-Proto"));
            proto = values.isEmpty() ? null : values.get(values.size() - 1);
        }
        return proto == null ? null : proto.trim().toLowerCase(Locale.ROOT);
    }

    private boolean isTrusted(byte[] address) {
        for (Cidr cidr : trusted) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> split(List<String> headerValues) {
        List<String> out = new ArrayList<>();
        for (String value : headerValues) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** The {@code for=} node of every element of an RFC 7239 header, in order ("" where absent). */
    private static List<String> forwardedFor(String header) {
        return splitTopLevel(header, ',').stream().map(e -> {
            String node = param(e, "for");
            return node == null ? "" : node;
        }).toList();
    }

    private static String param(String element, String name) {
        for (String pair : splitTopLevel(element, ';')) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase(name)) {
                String value = pair.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value;
            }
        }
        return null;
    }

    private static List<String> splitTopLevel(String text, char separator) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                out.add(current.toString().trim());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString().trim());
        return out;
    }

    /** An IP literal (optionally `[v6]:port` or `v4:port`) as 4 or 16 bytes; null when it is not one. */
    static byte[] bytes(String text) {
        String s = text.trim();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            s = s.substring(1, close);
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
            s = s.substring(0, s.indexOf(':')); // v4:port
        }
        byte[] b = NetUtil.createByteArrayFromIpAddressString(s);
        if (b != null && b.length == 16 && isV4Mapped(b)) {
            return Arrays.copyOfRange(b, 12, 16);
        }
        return b;
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static String format(byte[] b) {
        return NetUtil.bytesToIpAddress(b);
    }

    /** An address block: network bytes and prefix length. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            byte[] address = bytes(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("rag.gateway.trusted-proxies: '" + text + "' is not an IP address or CIDR block");
            }
            int prefix = address.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > address.length * 8) {
                    throw new IllegalArgumentException("rag.gateway.trusted-proxies: '" + text + "' has a bad prefix length");
                }
            }
            return new Cidr(address, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
