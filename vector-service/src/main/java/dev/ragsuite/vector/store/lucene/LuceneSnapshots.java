package dev.ragsuite.vector.store.lucene;

import dev.ragsuite.vector.store.VectorStore.SnapshotSink;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import org.apache.lucene.index.IndexCommit;
import org.apache.lucene.index.IndexDeletionPolicy;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.KeepOnlyLastCommitDeletionPolicy;
import org.apache.lucene.index.SnapshotDeletionPolicy;

/**
 * Copies of the latest commit of one index folder while writes go on: the commit is pinned by a
 * {@link SnapshotDeletionPolicy} so merges cannot delete its files, and the files — immutable once
 * committed — are copied; then the pin is released.
 */
final class LuceneSnapshots {

    /** Keeps the files of a commit being copied until the copy is done. */
    private final SnapshotDeletionPolicy commits = new SnapshotDeletionPolicy(new KeepOnlyLastCommitDeletionPolicy());
    private final Path indexDir;

    LuceneSnapshots(Path indexDir) {
        this.indexDir = indexDir;
    }

    /** The deletion policy the index writer must use, so commits can be pinned. */
    IndexDeletionPolicy deletionPolicy() {
        return commits;
    }

    /** Commits every write made so far and pins that commit; call it under the store's write lock. */
    IndexCommit pin(IndexWriter writer) throws IOException {
        writer.commit();
        return commits.snapshot();
    }

    /**
     * Copies the files of a {@link #pin pinned} commit into {@code sink}, then releases the pin and, while
     * the store is still open, deletes the pinned commit's files that merges have since replaced.
     */
    void copy(IndexCommit commit, SnapshotSink sink, IndexWriter writer, BooleanSupplier open) throws IOException {
        try {
            for (String file : commit.getFileNames()) {
                try (OutputStream out = sink.file(file)) {
                    Files.copy(indexDir.resolve(file), out);
                }
            }
        } finally {
            commits.release(commit);
            if (open.getAsBoolean()) {
                writer.deleteUnusedFiles();
            }
        }
    }
}
