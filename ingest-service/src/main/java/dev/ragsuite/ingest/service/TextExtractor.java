package dev.ragsuite.ingest.service;

import dev.ragsuite.ingest.config.IngestConfig;
import dev.ragsuite.ingest.extract.ExtractedText;
import dev.ragsuite.ingest.extract.StructuredParse;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.Parser;

/**
 * Extracts the structured text of a stored document with Apache Tika, within limits: the parse runs
 * on a bounded pool of {@code rag.ingest.limits.parse-threads} threads and is abandoned after
 * {@code parse-timeout}; pages beyond {@code max-pages} stop it; text beyond
 * {@code max-extracted-chars} is cut off; Tika's SecureContentHandler (applied by AutoDetectParser)
 * rejects zip bombs by their compression ratio and nesting depth. Blocking: the caller waits.
 */
@Startup // costly to build: pay at boot, not in the first request
@Singleton
public class TextExtractor {

    /** AutoDetectParser is thread-safe and costly to build (it loads every parser): one for the service. */
    private final Parser parser = new AutoDetectParser();
    private final ExecutorService pool;
    private final IngestConfig config;

    public TextExtractor(IngestConfig config) {
        this.config = config;
        int threads = config.limits().parseThreads();
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(64), task -> {
            Thread thread = new Thread(task, "tika-parse-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public ExtractedText extract(Path file, String contentType) throws ExtractionException {
        StructuredParse parse = new StructuredParse(parser, config.maxExtractedChars(), config.limits().maxPages());
        Future<ExtractedText> result;
        try {
            result = pool.submit(() -> parse.run(file, contentType));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("too many documents waiting to be parsed", e); // transient: retried
        }
        long timeout = config.limits().parseTimeout().toMillis();
        try {
            return result.get(timeout, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            parse.cancel(); // Tika's parsers may ignore the interrupt below; the next SAX event stops it
            result.cancel(true);
            throw new ExtractionException("reading the document took longer than " + (timeout / 1000)
                    + " s (rag.ingest.limits.parse-timeout)");
        } catch (InterruptedException e) {
            parse.cancel();
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parsing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ExtractionException extraction) {
                throw extraction;
            }
            if (e.getCause() instanceof OutOfMemoryError) {
                throw new ExtractionException("the document needs more memory to read than this service has");
            }
            throw new IllegalStateException("parsing failed unexpectedly", e.getCause());
        }
    }

    @PreDestroy
    void shutdown() {
        pool.shutdownNow();
    }
}
