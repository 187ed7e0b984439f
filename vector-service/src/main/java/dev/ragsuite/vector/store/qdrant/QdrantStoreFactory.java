package dev.ragsuite.vector.store.qdrant;

import dev.ragsuite.vector.store.IndexPointer;
import dev.ragsuite.vector.store.IndexState;
import dev.ragsuite.vector.store.StoreFactory;
import dev.ragsuite.vector.store.VectorStore;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import io.opentelemetry.api.trace.Tracer;
import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Qdrant collections {@code <prefix>_<model>_<dimensions>} (characters other than letters, digits,
 * {@code -} and {@code _} replaced by {@code _}), all on one gRPC connection that this factory owns; the
 * alias {@code <prefix>_active} names the one serving ({@link QdrantIndexState}).
 */
public final class QdrantStoreFactory implements StoreFactory {

    /**
     * The marker file that named the active collection before the alias did (in the index root); adopted
     * once by {@link QdrantIndexState}.
     */
    public static final String POINTER = "ACTIVE.qdrant";
    /** Qdrant's gRPC port. */
    public static final int DEFAULT_PORT = 6334;

    private final QdrantClient client;
    private final String prefix;
    private final FusionSettings settings;
    private final Duration timeout;
    private final int batchSize;
    private final int keywordAverageTerms;
    private final Tracer tracer;

    /** @param tracer makes a CLIENT span of every Qdrant call ({@code OpenTelemetry.noop()}'s when tracing is off) */
    public QdrantStoreFactory(QdrantClient client, String prefix, FusionSettings settings, Duration timeout, int batchSize,
            int keywordAverageTerms, Tracer tracer) {
        this.client = client;
        this.tracer = tracer;
        this.prefix = sanitise(prefix);
        this.settings = settings;
        this.timeout = timeout;
        this.batchSize = batchSize;
        this.keywordAverageTerms = keywordAverageTerms;
    }

    /**
     * A client for {@code url} ({@code http://host:port} or {@code https://…} for TLS; port
     * {@value #DEFAULT_PORT} when none is given) with a deadline on every call. The version check the
     * client would run on build is skipped: it blocks without a deadline; {@link #probe()} asks instead.
     */
    public static QdrantClient connect(String url, Optional<String> apiKey, Duration timeout) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("rag.vector.qdrant.url is not a URL: " + url, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException("rag.vector.qdrant.url must be http://host:port or https://host:port, got "
                    + url);
        }
        QdrantGrpcClient.Builder grpc = QdrantGrpcClient
                .newBuilder(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), scheme.equals("https"), false)
                .withTimeout(timeout);
        apiKey.filter(key -> !key.isBlank()).ifPresent(grpc::withApiKey);
        return new QdrantClient(grpc.build());
    }

    @Override
    public String backend() {
        return QdrantVectorStore.NAME;
    }

    /** The alias {@code <prefix>_active} and the collections' metadata, shared by every replica. */
    @Override
    public IndexState state(Path root) {
        return new QdrantIndexState(client, prefix, timeout, tracer, root.resolve(POINTER));
    }

    /** Collections have no older layout to migrate. */
    @Override
    public Optional<IndexPointer> migrateLegacyLayout() {
        return Optional.empty();
    }

    @Override
    public String indexName(String model, int dimensions) {
        return prefix + "_" + sanitise(model) + "_" + dimensions;
    }

    @Override
    public VectorStore open(String index, String model, int dimensions) {
        return new QdrantVectorStore(client, index, model, dimensions, settings, timeout, batchSize, keywordAverageTerms,
                tracer);
    }

    @Override
    public List<String> indexes() throws IOException {
        return await("", "list collections", client.listCollectionsAsync(timeout)).stream()
                .filter(name -> name.startsWith(prefix + "_"))
                .filter(name -> !name.equals(QdrantIndexState.alias(prefix)))
                .sorted()
                .toList();
    }

    @Override
    public void delete(String index) throws IOException {
        if (await(index, "check the collection " + index, client.collectionExistsAsync(index, timeout))) {
            await(index, "delete the collection " + index, client.deleteCollectionAsync(index, timeout));
        }
    }

    @Override
    public Optional<String> probe() {
        try {
            await("", "check its health", client.healthCheckAsync(timeout));
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public void close() {
        client.close();
    }

    static String sanitise(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private <T> T await(String collection, String what, com.google.common.util.concurrent.ListenableFuture<T> future)
            throws IOException {
        return QdrantCalls.await(tracer, collection, what, future, timeout);
    }
}
