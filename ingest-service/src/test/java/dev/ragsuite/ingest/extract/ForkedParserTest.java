package dev.ragsuite.ingest.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.ingest.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parser processes themselves: structure as in-process, a document's fault keeps the process, a death replaces it. */
class ForkedParserTest {

    private static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private ForkedParser parser;

    @BeforeEach
    void start() {
        parser = new ForkedParser(settings(Duration.ZERO));
    }

    private ForkedParser.Settings settings(Duration idleTimeout) {
        return new ForkedParser.Settings(ForkedParser.defaultJava(), ForkedParser.defaultClasspath(), "64m",
                List.of(), dir, 1, Duration.ofSeconds(180), idleTimeout); // 180 s: a JVM start on a busy 2-core machine
    }

    @AfterEach
    void stop() {
        parser.close();
    }

    @Test
    void structureAndLimitsAreTheSameAsInProcess() throws Exception {
        Path html = Files.write(dir.resolve("doc.html"), Fixtures.html());
        ExtractedText text = parser.parse(html, "text/html", 5_000_000, 10, GENEROUS);
        ExtractedText.Block heading = text.blocks().get(0);
        assertEquals("The lighthouse", heading.text());
        assertTrue(heading.heading());
        assertEquals("The lighthouse", text.blocks().get(1).headingPath(), "paragraphs under the heading");
        assertEquals(text.text().indexOf(text.blocks().get(1).text()), text.blocks().get(1).startChar());

        ExtractedText cut = parser.parse(html, "text/html", 1000, 10, GENEROUS);
        assertTrue(cut.truncated(), "cut at max-extracted-chars");

        Path empty = Files.write(dir.resolve("empty.txt"), new byte[0]);
        ExtractionException failure = assertThrows(ExtractionException.class,
                () -> parser.parse(empty, "text/plain", 5_000_000, 10, GENEROUS));
        assertEquals("the file is empty", failure.getMessage());
        assertEquals(0, parser.restarts(), "a document's fault does not end the process");
    }

    @Test
    void aProcessIdleLongerThanTheIdleTimeoutIsStoppedAndTheNextDocumentStartsOne() throws Exception {
        parser.close();
        parser = new ForkedParser(settings(Duration.ofSeconds(2))); // long enough to see it kept first, on a loaded machine too
        Path html = Files.write(dir.resolve("doc.html"), Fixtures.html());
        assertEquals("The lighthouse", parser.parse(html, "text/html", 5_000_000, 10, GENEROUS).blocks().get(0).text());
        assertEquals(1, parser.processes(), "kept for the next document at first");

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (parser.processes() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, parser.processes(), "stopped after 2 s without a document");

        assertEquals("The lighthouse", parser.parse(html, "text/html", 5_000_000, 10, GENEROUS).blocks().get(0).text(),
                "the next document starts a new process");
        assertEquals(0, parser.restarts(), "an idle stop is no failure");
    }

    @Test
    void withoutAnIdleTimeoutTheProcessStays() throws Exception {
        Path html = Files.write(dir.resolve("doc.html"), Fixtures.html());
        parser.parse(html, "text/html", 5_000_000, 10, GENEROUS);
        Thread.sleep(1500);
        assertEquals(1, parser.processes(), "idle timeout zero: kept");
    }

    @Test
    void fileThatExhaustsTheHeapEndsOnlyItsProcess() throws Exception {
        Path hungry = Files.write(dir.resolve("hungry.docx"), Fixtures.heapHungryDocx(200_000));
        ExtractionException failure = assertThrows(ExtractionException.class,
                () -> parser.parse(hungry, DOCX, 5_000_000, 10, GENEROUS));
        assertEquals("the file needs more memory to parse than allowed (64m, rag.ingest.parser.max-heap)", failure.getMessage());
        assertEquals(1, parser.restarts());

        Path docx = Files.write(dir.resolve("keeper.docx"), Fixtures.docx());
        assertTrue(parser.parse(docx, DOCX, 5_000_000, 10, GENEROUS).text().contains("docx keeper wrote"), "a new process");
    }

    @Test
    void parsePastItsTimeLimitIsEndedAndTheNextIsParsed() throws Exception {
        Path slow = Files.write(dir.resolve("slow.docx"), Fixtures.heapHungryDocx(200_000));
        long started = System.nanoTime();
        ExtractionException failure = assertThrows(ExtractionException.class,
                () -> parser.parse(slow, DOCX, 5_000_000, 10, Duration.ofMillis(1500)));
        assertEquals("reading the document took longer than 1.5 s (rag.ingest.limits.parse-timeout)", failure.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 30, "ended at the limit, not when the parse was done");
        assertEquals(1, parser.restarts());

        Path text = Files.write(dir.resolve("keeper.txt"), Fixtures.text());
        assertTrue(parser.parse(text, "text/plain", 5_000_000, 10, GENEROUS).text().contains("lighthouse keeper"));
    }
}
