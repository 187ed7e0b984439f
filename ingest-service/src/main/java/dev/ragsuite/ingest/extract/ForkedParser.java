package dev.ragsuite.ingest.extract;

import dev.ragsuite.common.concurrent.DaemonThreads;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Parses documents in child JVMs ({@link ParseServer}), each with its own heap cap
 * ({@code -Xmx}) and {@code -XX:+ExitOnOutOfMemoryError}: a file that needs more memory than
 * allowed ends the child (exit code 3), the document fails with a readable reason and the next
 * document gets a new child. A parse past its time limit is ended by killing the child, which stops
 * any parser for real (a thread could not be stopped). At most {@code processes} children run;
 * idle ones are kept for the next document, for {@code idleTimeout} at most (zero: for ever): a child
 * JVM that has parsed documents holds some 100-120 MB, which a machine without documents to read
 * should not pay. Blocking: the caller waits.
 */
public final class ForkedParser implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ForkedParser.class);

    /** The exit status of a HotSpot JVM ended by {@code -XX:+ExitOnOutOfMemoryError}. */
    static final int EXIT_OUT_OF_MEMORY = 3;

    /**
     * How the parser processes are started and bounded.
     *
     * @param idleTimeout how long a child may wait for its next document before it is stopped; zero keeps it
     */
    public record Settings(Path java, String classpath, String maxHeap, List<String> javaOptions,
            Path tmpDir, int processes, Duration startTimeout, Duration idleTimeout) {
    }

    private final Settings settings;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<Child> idle = new ConcurrentLinkedDeque<>();
    private final ScheduledExecutorService watchdog;
    /** Starts replacements ahead of need, one at a time. */
    private final ExecutorService starter;
    /** Children alive, idle or busy; warm-up starts none beyond {@code processes}. */
    private final AtomicInteger alive = new AtomicInteger();
    private final AtomicLong restarts = new AtomicLong();
    private volatile boolean closed;

    public ForkedParser(Settings settings) {
        this.settings = settings;
        this.permits = new Semaphore(settings.processes(), true);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("parser-watchdog"));
        this.starter = Executors.newSingleThreadExecutor(DaemonThreads.named("parser-starter"));
        long idleMillis = settings.idleTimeout().toMillis();
        if (idleMillis > 0) {
            long every = Math.max(100, Math.min(idleMillis / 2, 10_000));
            watchdog.scheduleWithFixedDelay(this::stopIdleChildren, every, every, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts a parser process in the background, unless one is idle or all run, so the next document
     * does not wait for a JVM to start (a few seconds). Called at boot and after a process ended.
     */
    public void warmUp() {
        if (closed) {
            return;
        }
        starter.execute(() -> {
            if (closed || !idle.isEmpty() || alive.get() >= settings.processes()) {
                return;
            }
            try {
                Child child = start();
                if (closed) {
                    child.discard();
                } else {
                    child.idleSince = System.nanoTime();
                    idle.offerLast(child);
                }
            } catch (IllegalStateException e) {
                LOG.warnf("A parser process could not be started ahead of need: %s", e.getMessage());
            }
        });
    }

    /**
     * The classpath for the child, derived from this JVM's: a Quarkus fast-jar ({@code java -jar
     * quarkus-app/quarkus-run.jar}) keeps the application's jars beside the runner; anything else
     * (tests, a plain classpath) is passed on as it is.
     */
    public static String defaultClasspath() {
        String own = System.getProperty("java.class.path", "");
        if (!own.contains(java.io.File.pathSeparator) && own.endsWith("quarkus-run.jar")) {
            Path app = Path.of(own).toAbsolutePath().getParent();
            return String.join(java.io.File.pathSeparator, app.resolve("app") + "/*", app.resolve("lib/main") + "/*",
                    app.resolve("lib/boot") + "/*");
        }
        return own;
    }

    /** The java launcher of this JVM. */
    public static Path defaultJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** Parser processes that ended while reading a document (out of memory, time limit, crash); each is replaced. */
    public long restarts() {
        return restarts.get();
    }

    /** Parser processes alive now, idle or busy. */
    public int processes() {
        return alive.get();
    }

    /**
     * Stops the children that have waited longer than the idle timeout (on the watchdog's thread). A
     * child taken for a document meanwhile is not touched: {@code remove} and {@code pollFirst} each
     * take an element of the deque at most once, so only one of them gets it.
     */
    private void stopIdleChildren() {
        long now = System.nanoTime();
        long limit = settings.idleTimeout().toNanos();
        for (Child child : idle) {
            if (now - child.idleSince >= limit && idle.remove(child)) {
                LOG.debugf("Parser process %d idle for %s: stopped (the next document starts one)", child.process.pid(),
                        seconds(settings.idleTimeout()));
                child.discard();
            }
        }
    }

    public ExtractedText parse(Path file, String contentType, int maxChars, int maxPages, Duration timeout)
            throws ExtractionException {
        acquirePermit(timeout);
        Child child = null;
        boolean reuse = false;
        try {
            child = idle.pollFirst();
            if (child != null && !child.process.isAlive()) {
                child.discard();
                child = null;
            }
            if (child == null) {
                child = start();
            }
            ExtractedText text = child.parse(file, contentType, maxChars, maxPages, timeout);
            reuse = true;
            return text;
        } catch (ExtractionException e) {
            reuse = child.process.isAlive() && !child.killed.get(); // the document's fault, not the process's
            throw e;
        } finally {
            if (child != null) {
                if (reuse && !closed) {
                    child.idleSince = System.nanoTime();
                    idle.offerFirst(child);
                } else {
                    child.discard();
                }
            }
            permits.release();
        }
    }

    private void acquirePermit(Duration timeout) {
        try {
            if (!permits.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("too many documents waiting to be parsed"); // transient: retried
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to parse", e);
        }
        if (closed) {
            permits.release();
            throw new IllegalStateException("the parser is shutting down");
        }
    }

    private Child start() {
        List<String> command = new ArrayList<>();
        command.add(settings.java().toString());
        command.add("-Xmx" + settings.maxHeap());
        // a small initial heap that grows as a document needs: the JVM's default (1/64 of the machine's memory,
        // 384 MB on 24 GB) gave the serial collector a young generation it touched whole; measured on the
        // corpus: 213 MB resident after parsing its 49 files, 115 MB with this, the same CPU
        command.add("-Xms8m");
        command.add("-XX:+ExitOnOutOfMemoryError");
        // stdout carries the protocol: the JVM's own messages ("Terminating due to OutOfMemoryError", log warnings) go to stderr
        command.add("-XX:+DisplayVMOutputToStderr");
        command.add("-Xlog:disable");
        command.add("-Xlog:all=warning:stderr");
        command.add("-XX:+UseSerialGC"); // one small heap, one parse at a time: the cheapest collector
        command.add("-Djava.awt.headless=true");
        if (settings.tmpDir() != null) {
            command.add("-Djava.io.tmpdir=" + settings.tmpDir());
        }
        command.addAll(settings.javaOptions());
        command.add("-cp");
        command.add(settings.classpath());
        command.add(ParseServer.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        // the child reads hostile files: it gets none of the service's secrets (database password, tokens, keys)
        Map<String, String> environment = builder.environment();
        environment.keySet().retainAll(Set.of("PATH", "LANG", "LC_ALL", "TZ"));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("the parser process could not be started: " + e.getMessage(), e);
        }
        alive.incrementAndGet();
        Child child = new Child(process);
        ScheduledFuture<?> limit = watchdog.schedule(child::kill, settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            int beacon = child.in.read();
            if (beacon != ParseProtocol.READY) {
                throw new IOException(child.killed.get() ? "not ready within " + settings.startTimeout().toSeconds() + " s"
                        : "it ended during start-up (exit code " + child.exitCode() + ")");
            }
        } catch (IOException e) {
            child.discard();
            throw new IllegalStateException("the parser process could not be started: " + e.getMessage(), e);
        } finally {
            limit.cancel(false);
        }
        LOG.debugf("Parser process %d started (max heap %s)", process.pid(), settings.maxHeap());
        return child;
    }

    @Override
    public void close() {
        closed = true;
        starter.shutdownNow();
        closeIdle();
        watchdog.shutdownNow();
    }

    private void closeIdle() {
        Child child;
        while ((child = idle.pollFirst()) != null) {
            child.discard();
        }
    }

    /** One parser process and its pipes. */
    private final class Child {
        final Process process;
        final DataOutputStream out;
        final DataInputStream in;
        final AtomicBoolean killed = new AtomicBoolean();
        final AtomicBoolean discarded = new AtomicBoolean();
        /** When it last became idle ({@link System#nanoTime()}), for the idle timeout. */
        volatile long idleSince;

        Child(Process process) {
            this.process = process;
            this.out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()));
            this.in = new DataInputStream(new BufferedInputStream(process.getInputStream()));
        }

        ExtractedText parse(Path file, String contentType, int maxChars, int maxPages, Duration timeout)
                throws ExtractionException {
            ScheduledFuture<?> limit = watchdog.schedule(this::kill, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                ParseProtocol.writeRequest(out, file.toAbsolutePath().toString(), contentType, maxChars, maxPages);
                int answer = in.read();
                if (answer == ParseProtocol.OK) {
                    return ParseProtocol.readResult(in, maxChars);
                } else if (answer == ParseProtocol.FAILED) {
                    throw new ExtractionException(ParseProtocol.readMessage(in));
                } else if (answer == ParseProtocol.ERROR) {
                    throw new IllegalStateException("parsing failed unexpectedly: " + ParseProtocol.readMessage(in));
                } else if (answer == -1) {
                    throw died(file, timeout);
                }
                throw new IOException("unexpected answer " + answer);
            } catch (IOException e) {
                if (killed.get() || ended()) {
                    throw died(file, timeout);
                }
                throw new IllegalStateException("the parser process answered wrongly: " + e.getMessage(), e);
            } finally {
                limit.cancel(false);
            }
        }

        /** Why the child ended while it read {@code file}, for the document's owner. */
        private ExtractionException died(Path file, Duration timeout) {
            int exit = exitCode();
            restarts.incrementAndGet();
            discard();
            warmUp(); // its replacement
            if (killed.get()) {
                LOG.warnf("Parser process %d stopped: reading %s took longer than %s; a new one starts for the next document",
                        process.pid(), file.getFileName(), seconds(timeout));
                return new ExtractionException("reading the document took longer than " + seconds(timeout)
                        + " (rag.ingest.limits.parse-timeout)");
            }
            if (exit == EXIT_OUT_OF_MEMORY) {
                LOG.warnf("Parser process %d ran out of memory (max heap %s) reading %s; a new one starts for the next document",
                        process.pid(), settings.maxHeap(), file.getFileName());
                return new ExtractionException("the file needs more memory to parse than allowed ("
                        + settings.maxHeap() + ", rag.ingest.parser.max-heap)");
            }
            LOG.warnf("Parser process %d ended with exit code %d reading %s; a new one starts for the next document",
                    process.pid(), exit, file.getFileName());
            return new ExtractionException("the parser stopped unexpectedly while reading the file (exit code " + exit + ")");
        }

        /** Whether the child ends (or has ended) within a moment: a broken answer usually means it is going. */
        boolean ended() {
            try {
                return process.waitFor(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return !process.isAlive();
            }
        }

        int exitCode() {
            try {
                if (process.waitFor(5, TimeUnit.SECONDS)) {
                    return process.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return -1;
        }

        void kill() {
            killed.set(true);
            process.destroyForcibly();
        }

        /** Ends the child: closing stdin lets an idle one exit by itself; it is killed regardless. */
        void discard() {
            if (discarded.getAndSet(true)) {
                return;
            }
            alive.decrementAndGet();
            try {
                out.close();
            } catch (IOException e) {
                LOG.debugf("closing the pipe of parser process %d: %s", process.pid(), e.getMessage());
            }
            process.destroyForcibly();
        }
    }

    private static String seconds(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? (millis / 1000) + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

}
