package dev.ragsuite.ingest.extract;

import dev.ragsuite.common.concurrent.DaemonThreads;
import dev.ragsuite.ingest.config.IngestConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ImageMode;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.Parser;
import org.jboss.logging.Logger;

/**
 * Extracts the structured text of a stored document with Apache Tika, within limits: at most
 * {@code rag.ingest.limits.parse-threads} documents at once, each abandoned after {@code parse-timeout};
 * pages beyond {@code max-pages} stop it; text beyond {@code max-extracted-chars} is cut off; Tika's
 * SecureContentHandler (applied by AutoDetectParser) rejects zip bombs by their compression ratio and
 * nesting depth. Blocking: the caller waits.
 * <p>
 * Where the parse runs is {@code rag.ingest.parser.mode}: {@code fork} (the default) parses in child
 * JVMs with their own heap cap ({@link ForkedParser}), so a file that exhausts memory or time ends a
 * child, never this service (which runs with {@code -XX:+ExitOnOutOfMemoryError}); {@code in-process}
 * parses on a thread pool in this JVM (for a native image, which cannot start a JVM).
 */
@Startup // costly to build: pay at boot, not in the first request
@Singleton
public class TextExtractor {

    private static final Logger LOG = Logger.getLogger(TextExtractor.class);

    private final IngestConfig config;
    /** fork mode */
    private final ForkedParser forked;
    /** in-process mode: AutoDetectParser is thread-safe and costly to build (it loads every parser) */
    private final Parser parser;
    private final ExecutorService pool;

    public TextExtractor(IngestConfig config, MeterRegistry metrics) {
        this.config = config;
        IngestConfig.Parser settings = config.parser();
        int threads = config.limits().parseThreads();
        if (settings.mode() == IngestConfig.Parser.Mode.FORK) {
            if (ImageMode.current() == ImageMode.NATIVE_RUN) {
                throw new IllegalStateException("rag.ingest.parser.mode=fork starts parser JVMs, which a native image"
                        + " cannot do; set rag.ingest.parser.mode=in-process (docs/operations.md, 'Parsing isolation')");
            }
            this.forked = new ForkedParser(new ForkedParser.Settings(ForkedParser.defaultJava(),
                    settings.classpath().orElseGet(ForkedParser::defaultClasspath), settings.maxHeap(),
                    settings.javaOptions().orElse(List.of()), Path.of(System.getProperty("java.io.tmpdir")), threads,
                    settings.startTimeout(), settings.idleTimeout()));
            FunctionCounter.builder("rag.ingest.parser.restarts", forked, ForkedParser::restarts)
                    .description("Parser processes that ended while reading a document (out of memory, time limit, crash)")
                    .register(metrics);
            this.parser = null;
            this.pool = null;
            // one ready at boot only where children are kept: with an idle timeout it would be stopped unused
            // a minute later, after costing the start CPU and memory (a document starts one in about a second)
            if (settings.warmUp() && settings.idleTimeout().toMillis() <= 0) {
                forked.warmUp();
            }
            LOG.infof("Documents are parsed in up to %d child JVMs of at most %s heap each", threads, settings.maxHeap());
        } else {
            this.forked = null;
            this.parser = new AutoDetectParser();
            this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(64),
                    DaemonThreads.numbered("tika-parse"));
            LOG.warn("Documents are parsed inside this service (rag.ingest.parser.mode=in-process): a file that exhausts"
                    + " the heap ends the service");
        }
    }

    public ExtractedText extract(Path file, String contentType) throws ExtractionException {
        Duration timeout = config.limits().parseTimeout();
        if (forked != null) {
            return forked.parse(file, contentType, config.maxExtractedChars(), config.limits().maxPages(), timeout);
        }
        StructuredParse parse = new StructuredParse(parser, config.maxExtractedChars(), config.limits().maxPages());
        Future<ExtractedText> result;
        try {
            result = pool.submit(() -> parse.run(file, contentType));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new IllegalStateException("too many documents waiting to be parsed", e); // transient: retried
        }
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            parse.cancel(); // Tika's parsers may ignore the interrupt below; the next SAX event stops it
            result.cancel(true);
            throw new ExtractionException("reading the document took longer than " + timeout.toSeconds()
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
            throw new IllegalStateException("parsing failed unexpectedly", e.getCause());
        }
    }

    @PreDestroy
    void shutdown() {
        if (forked != null) {
            forked.close();
        } else {
            pool.shutdownNow();
        }
    }
}
