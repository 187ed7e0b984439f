package dev.ragsuite.vector.support;

import dev.ragsuite.vector.store.IndexPointer;
import dev.ragsuite.vector.store.IndexState;
import dev.ragsuite.vector.store.StoreFactory;
import dev.ragsuite.vector.store.VectorStore;
import dev.ragsuite.vector.store.hybrid.FusionSettings;
import dev.ragsuite.vector.store.lucene.LuceneCompaction;
import dev.ragsuite.vector.store.lucene.LuceneFolders;
import dev.ragsuite.vector.store.lucene.LuceneStoreFactory;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Indexes that several {@code IndexManager}s share, as Qdrant collections are shared by replicas: real
 * Lucene indexes under one root, each opened once and handed to every manager that opens it (closed when
 * the last one closes it), with the state in {@link InMemoryIndexState}. {@link #view()} is one replica's
 * factory.
 */
public final class SharedStores {

    private final LuceneStoreFactory lucene;
    private final InMemoryIndexState state;
    private final Map<String, VectorStore> open = new HashMap<>();
    private final Map<String, Integer> users = new HashMap<>();

    public SharedStores(Path root, InMemoryIndexState state) {
        this.lucene = new LuceneStoreFactory(new LuceneFolders(root), FusionSettings.DEFAULTS, LuceneCompaction.DEFAULTS);
        this.state = state;
    }

    /** The index {@code index} as the replicas share it, if one has it open. */
    public synchronized VectorStore opened(String index) {
        return open.get(index);
    }

    /** One replica's view: its {@code close()} of a store releases only its own use. */
    public StoreFactory view() {
        return new StoreFactory() {
            @Override
            public String backend() {
                return "shared-lucene";
            }

            @Override
            public IndexState state(Path root) {
                return state;
            }

            @Override
            public Optional<IndexPointer> migrateLegacyLayout() {
                return Optional.empty();
            }

            @Override
            public String indexName(String model, int dimensions) {
                return lucene.indexName(model, dimensions);
            }

            @Override
            public VectorStore open(String index, String model, int dimensions) throws IOException {
                return share(index, model, dimensions);
            }

            @Override
            public List<String> indexes() throws IOException {
                return lucene.indexes();
            }

            @Override
            public void delete(String index) throws IOException {
                lucene.delete(index);
            }

            @Override
            public Optional<String> probe() {
                return Optional.empty();
            }

            @Override
            public void close() {
            }
        };
    }

    private synchronized VectorStore share(String index, String model, int dimensions) throws IOException {
        VectorStore store = open.get(index);
        if (store == null) {
            store = lucene.open(index, model, dimensions);
            open.put(index, store);
        }
        users.merge(index, 1, Integer::sum);
        VectorStore shared = store;
        boolean[] released = {false};
        return (VectorStore) Proxy.newProxyInstance(VectorStore.class.getClassLoader(), new Class<?>[] {VectorStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        synchronized (SharedStores.this) {
                            if (!released[0]) {
                                released[0] = true;
                                release(index);
                            }
                        }
                        return null;
                    }
                    try {
                        return method.invoke(shared, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void release(String index) {
        if (users.merge(index, -1, Integer::sum) <= 0) {
            users.remove(index);
            open.remove(index).close();
        }
    }
}
