package dev.ragsuite.ingest.importing;

import com.google.common.net.InetAddresses;
import dev.ragsuite.ingest.config.IngestConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Fetches a web address into a file without letting the server choose where we connect (server-side
 * request forgery): for the address and for every redirect (at most {@code rag.ingest.import.max-redirects}),
 * the host is resolved once here, every address of the answer is checked against the {@link AddressPolicy},
 * and Vert.x's HTTP client connects to exactly that checked address ({@link RequestOptions#setServer}) while
 * the request keeps the host name — in the {@code Host} header, for SNI and for TLS host-name verification.
 * The body is streamed to disk and cut off past the upload size limit (counted after decompression); the
 * whole fetch has a deadline. Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class UrlFetcher {

    private static final Logger LOG = Logger.getLogger(UrlFetcher.class);

    /** What was fetched: the final address (after redirects), the server's content type, and the size. */
    public record Fetched(ImportUrl url, String contentType, long sizeBytes) {
    }

    /** A transient failure (the server did not answer, a network error, HTTP 5xx, DNS): worth another attempt. */
    public static class FetchFailedException extends IOException {
        public FetchFailedException(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    private final Vertx vertx;
    private final HttpClient client;
    private final AddressPolicy policy;
    private final int maxRedirects;
    private final Duration timeout;
    private final long maxBytes;

    @Inject
    public UrlFetcher(Vertx vertx, IngestConfig config) {
        this(vertx, AddressPolicy.of(config.urlImport().allow().orElse(List.of())), config.urlImport().maxRedirects(),
                config.urlImport().connectTimeout(), config.urlImport().timeout(), config.maxUploadBytes());
    }

    UrlFetcher(Vertx vertx, AddressPolicy policy, int maxRedirects, Duration connectTimeout, Duration timeout,
            long maxBytes) {
        this.vertx = vertx;
        this.policy = policy;
        this.maxRedirects = maxRedirects;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setVerifyHost(true)
                .setForceSni(true)
                .setKeepAlive(false)
                .setTryUseCompression(true)
                .setMaxRedirects(0)
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setIdleTimeout((int) Math.max(1, connectTimeout.toSeconds()))
                .setIdleTimeoutUnit(TimeUnit.SECONDS));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * Checks what can be checked before anything is fetched: the address itself and what its host resolves
     * to now (the fetch checks again, on the address it connects to).
     *
     * @throws ImportRefusedException for an address that will never be fetched
     * @throws FetchFailedException when the host cannot be resolved right now
     */
    public ImportUrl check(String url) throws ImportRefusedException, FetchFailedException {
        ImportUrl parsed = ImportUrl.parse(url);
        checkedAddress(parsed);
        return parsed;
    }

    /**
     * Fetches {@code start} (following checked redirects) into {@code target}.
     *
     * @throws ImportRefusedException for a refused address or redirect, too many redirects, an HTTP 4xx, or a
     *         body over the size limit (permanent)
     * @throws FetchFailedException for network errors, timeouts, HTTP 5xx (transient)
     */
    public Fetched fetch(ImportUrl start, Path target) throws ImportRefusedException, FetchFailedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ImportUrl url = start;
        for (int hop = 0; ; hop++) {
            InetAddress address = checkedAddress(url);
            AtomicReference<HttpClientRequest> request = new AtomicReference<>();
            Hop result = await(get(url, address, target, request), deadline, request, url);
            if (result.location() == null) {
                return new Fetched(url, result.contentType(), result.size());
            }
            if (hop >= maxRedirects) {
                throw new ImportRefusedException("The page redirected more than " + maxRedirects + " times.");
            }
            url = url.resolve(result.location());
        }
    }

    /**
     * Resolves the host once and checks every address of the answer; returns the one to connect to.
     * A host the operator allowed by name is not checked.
     */
    InetAddress checkedAddress(ImportUrl url) throws ImportRefusedException, FetchFailedException {
        InetAddress[] addresses;
        try {
            addresses = InetAddresses.isInetAddress(url.host())
                    ? new InetAddress[] {InetAddresses.forString(url.host())}
                    : InetAddress.getAllByName(url.host());
        } catch (UnknownHostException e) {
            throw new FetchFailedException("The host " + url.host() + " could not be resolved.", e);
        }
        if (!policy.hostAllowed(url.host())) {
            for (InetAddress address : addresses) {
                Optional<String> refusal = policy.refusal(address);
                if (refusal.isPresent()) {
                    throw new ImportRefusedException("Imports from " + url.host() + " are refused: " + refusal.get()
                            + ". An operator can allow hosts or ranges with RAG_IMPORT_ALLOW.");
                }
            }
        }
        return addresses[0];
    }

    /** One response: a redirect's {@code location}, or the body's content type and size (streamed to the file). */
    private record Hop(String location, String contentType, long size) {
    }

    private Future<Hop> get(ImportUrl url, InetAddress address, Path target, AtomicReference<HttpClientRequest> current) {
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(address, url.port())))
                .setHost(url.host())
                .setPort(url.port())
                .setSsl(url.tls())
                .setURI(url.requestTarget())
                .setFollowRedirects(false)
                .putHeader(HttpHeaders.USER_AGENT, "rag-suite-import/1")
                .putHeader(HttpHeaders.ACCEPT, "text/html,application/xhtml+xml,application/pdf,text/*;q=0.9,*/*;q=0.8");
        return client.request(options).compose(request -> {
            current.set(request);
            return request.send().compose(response -> {
                // the resets below are ours (a redirect, an error answer, too large): not worth more than a debug line
                response.exceptionHandler(e -> LOG.debugf("Import response from %s ended: %s", url.host(), e.getMessage()));
                int status = response.statusCode();
                if (status >= 300 && status < 400 && response.getHeader(HttpHeaders.LOCATION) != null) {
                    request.reset();
                    return Future.succeededFuture(new Hop(response.getHeader(HttpHeaders.LOCATION), null, 0));
                }
                if (status < 200 || status >= 300) {
                    request.reset();
                    return Future.failedFuture(status >= 500 || status == 429
                            ? new FetchFailedException("The server answered HTTP " + status + ".", null)
                            : new Refused("The server answered HTTP " + status + " for " + url.withoutFragment() + "."));
                }
                String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
                if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
                        && Long.parseLong(length) > maxBytes) {
                    request.reset();
                    return Future.failedFuture(tooLarge());
                }
                return save(request, response, target)
                        .map(size -> new Hop(null, response.getHeader(HttpHeaders.CONTENT_TYPE), size));
            });
        });
    }

    /** Streams the body into {@code target}, with back-pressure, cut off (and the request reset) past the limit. */
    private Future<Long> save(HttpClientRequest request, HttpClientResponse response, Path target) {
        response.pause();
        Promise<Long> done = Promise.promise();
        vertx.fileSystem().open(target.toString(), new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true))
                .onFailure(done::tryFail)
                .onSuccess(file -> {
                    long[] size = {0};
                    response.handler(buffer -> {
                        size[0] += buffer.length();
                        if (size[0] > maxBytes) {
                            request.reset();
                            file.close();
                            done.tryFail(tooLarge());
                            return;
                        }
                        file.write(buffer);
                        if (file.writeQueueFull()) {
                            response.pause();
                            file.drainHandler(v -> response.resume());
                        }
                    });
                    response.exceptionHandler(e -> closeAndFail(file, done, e));
                    response.endHandler(v -> file.close().onComplete(closed -> {
                        if (closed.succeeded()) {
                            done.tryComplete(size[0]);
                        } else {
                            done.tryFail(closed.cause());
                        }
                    }));
                    response.resume();
                });
        return done.future();
    }

    private static void closeAndFail(AsyncFile file, Promise<Long> done, Throwable e) {
        file.close();
        done.tryFail(e);
    }

    private Refused tooLarge() {
        return new Refused("The document is larger than the limit of " + maxBytes + " bytes.");
    }

    /** Waits for one hop, at most until the fetch's deadline; a timed-out request is reset. */
    private static Hop await(Future<Hop> hop, long deadline, AtomicReference<HttpClientRequest> request, ImportUrl url)
            throws ImportRefusedException, FetchFailedException {
        try {
            long left = Math.max(1, deadline - System.nanoTime());
            return hop.toCompletionStage().toCompletableFuture().get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            HttpClientRequest r = request.get();
            if (r != null) {
                r.reset();
            }
            throw new FetchFailedException("Fetching " + url.withoutFragment() + " took too long.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FetchFailedException("Fetching was interrupted.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Refused refused) {
                throw new ImportRefusedException(refused.getMessage());
            }
            if (e.getCause() instanceof FetchFailedException failed) {
                throw failed;
            }
            throw new FetchFailedException("Fetching " + url.withoutFragment() + " failed: " + reason(e.getCause()), e.getCause());
        }
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "a network error" : message;
    }

    /** A permanent refusal raised on the event loop (checked exceptions cannot cross the future). */
    private static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }
}
