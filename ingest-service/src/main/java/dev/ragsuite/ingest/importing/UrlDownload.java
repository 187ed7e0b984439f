package dev.ragsuite.ingest.importing;

import dev.ragsuite.ingest.documents.ContentSniffer;
import dev.ragsuite.ingest.documents.DocumentStorage;
import dev.ragsuite.ingest.documents.StoredFile;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The first step of a URL import's job: fetch the address ({@link UrlFetcher}), sniff the bytes with
 * Tika as uploads are ({@link ContentSniffer}), and keep them in storage under the job's storage key, where
 * extraction finds them. Runs on a worker thread; a retry after a crash fetches again, since the stored
 * file only appears once it is complete.
 */
@ApplicationScoped
public class UrlDownload {

    /** The stored page or file. */
    public record Downloaded(String contentType, long sizeBytes, String sha256, String finalUrl) {
    }

    private final UrlFetcher fetcher;
    private final ContentSniffer sniffer;
    private final DocumentStorage storage;

    public UrlDownload(UrlFetcher fetcher, ContentSniffer sniffer, DocumentStorage storage) {
        this.fetcher = fetcher;
        this.sniffer = sniffer;
        this.storage = storage;
    }

    /** Whether a job of this storage key still has to fetch its bytes. */
    public boolean needed(String storageKey) {
        return !Files.exists(storage.pathOf(storageKey));
    }

    /**
     * @throws ImportRefusedException refused address or redirect, HTTP 4xx, too large, or a type that cannot be
     *         indexed (the reason lists the supported types)
     * @throws UrlFetcher.FetchFailedException a transient failure worth another attempt
     */
    public Downloaded download(String url, String storageKey) throws ImportRefusedException, IOException {
        Path partial = storage.directory().resolve(storageKey + ".download");
        try {
            UrlFetcher.Fetched fetched = fetcher.fetch(ImportUrl.parse(url), partial);
            if (fetched.sizeBytes() == 0) {
                throw new ImportRefusedException("The page at " + fetched.url().withoutFragment() + " is empty.");
            }
            String contentType;
            try {
                contentType = sniffer.sniff(partial, fetched.url().documentName());
            } catch (dev.ragsuite.common.problem.ProblemException unsupported) {
                throw new ImportRefusedException(unsupported.getMessage());
            }
            StoredFile stored = storage.store(UUID.fromString(storageKey), partial);
            return new Downloaded(contentType, stored.sizeBytes(), stored.sha256(), fetched.url().withoutFragment());
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
