package dev.ragsuite.ingest.importing;

import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import dev.ragsuite.vector.api.DocumentSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A web address to import, checked for what can be checked without the network: {@code http} or
 * {@code https}, a host that is a valid DNS name or a canonical IP address (an IPv4 address only as
 * {@code a.b.c.d}: numeric notations such as {@code 2130706433}, {@code 0x7f.1}, {@code 017700000001} or
 * {@code 127.1}, which resolvers read differently, are refused), no user name or password, a port in range.
 * Parsed with {@link URI} and Guava's {@link InetAddresses}/{@link InternetDomainName}.
 *
 * @param host the host without IPv6 brackets, lower case
 * @param port the explicit port or the scheme's default
 */
public record ImportUrl(URI uri, String scheme, String host, int port) {

    /** @throws ImportRefusedException naming what is wrong with the address */
    public static ImportUrl parse(String text) throws ImportRefusedException {
        if (text == null || text.isBlank()) {
            throw new ImportRefusedException("Send the address to import as 'url'.");
        }
        if (text.length() > DocumentSource.MAX_URL_CHARS) {
            throw new ImportRefusedException("The address is longer than " + DocumentSource.MAX_URL_CHARS + " characters.");
        }
        URI uri;
        try {
            uri = new URI(text.strip()).normalize();
        } catch (URISyntaxException e) {
            throw new ImportRefusedException("'" + text + "' is not a valid URL: " + e.getReason() + ".");
        }
        return of(uri);
    }

    /** Checks an absolute URI (an address typed by a user or a redirect's target). */
    public static ImportUrl of(URI uri) throws ImportRefusedException {
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new ImportRefusedException("Only http and https addresses can be imported"
                    + (scheme == null ? "; '" + uri + "' has no scheme." : ", not " + scheme + ":."));
        }
        if (uri.getRawUserInfo() != null) {
            throw new ImportRefusedException("Addresses with a user name or password are not imported.");
        }
        String rawHost = uri.getHost();
        if (rawHost == null || rawHost.isEmpty()) {
            throw new ImportRefusedException("'" + uri + "' names no valid host.");
        }
        String host = rawHost.startsWith("[") && rawHost.endsWith("]")
                ? rawHost.substring(1, rawHost.length() - 1) : rawHost.toLowerCase(Locale.ROOT);
        if (!InetAddresses.isInetAddress(host) && !isHostName(host)) {
            throw new ImportRefusedException("'" + rawHost + "' is neither a host name nor an IP address in the usual"
                    + " notation (a.b.c.d or IPv6); other numeric notations are refused.");
        }
        int port = uri.getPort() == -1 ? ("https".equals(scheme) ? 443 : 80) : uri.getPort();
        if (port < 1 || port > 65_535) {
            throw new ImportRefusedException("Port " + port + " is out of range.");
        }
        return new ImportUrl(uri, scheme, host, port);
    }

    /**
     * A DNS host name whose last label is not numeric (so {@code 127.1} or {@code 0x7f.1}, which resolvers may
     * read as IPv4 addresses, are not host names), or a single-label name such as {@code localhost}.
     */
    static boolean isHostName(String host) {
        if (!InternetDomainName.isValid(host)) {
            return false;
        }
        String last = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        last = last.substring(last.lastIndexOf('.') + 1);
        return !last.chars().allMatch(Character::isDigit) && !last.toLowerCase(Locale.ROOT).startsWith("0x");
    }

    public boolean tls() {
        return "https".equals(scheme);
    }

    /** The request target: path and query as sent ({@code /} for none); the fragment stays with the client. */
    public String requestTarget() {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /** The address without its fragment, as stored in the document's source. */
    public String withoutFragment() {
        String s = uri.toString();
        int hash = s.indexOf('#');
        return hash < 0 ? s : s.substring(0, hash);
    }

    /** A label for the document: the last path segment, or the host when the path has none. */
    public String documentName() {
        String path = uri.getPath() == null ? "" : uri.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isBlank() ? host : last;
    }

    /** A redirect's target, resolved against this address. */
    public ImportUrl resolve(String location) throws ImportRefusedException {
        try {
            return of(uri.resolve(new URI(location.strip())));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ImportRefusedException("The page redirected to an invalid address: " + location);
        }
    }
}
