package dev.ragsuite.ingest.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/** A parse past its timeout is stopped at its next SAX event, even by a parser that ignores interrupts. */
class StructuredParseCancelTest {

    /** Emits text for ever and swallows interrupts, as some of Tika's parsers effectively do. */
    static final class EndlessParser implements Parser {
        final AtomicLong events = new AtomicLong();

        @Override
        public Set<MediaType> getSupportedTypes(ParseContext context) {
            return Set.of(MediaType.TEXT_PLAIN);
        }

        @Override
        public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context) throws SAXException {
            handler.startDocument();
            char[] word = "endless ".toCharArray();
            while (true) {
                handler.startElement("http://www.w3.org/1999/xhtml", "p", "p", new org.xml.sax.helpers.AttributesImpl());
                handler.characters(word, 0, word.length);
                handler.endElement("http://www.w3.org/1999/xhtml", "p", "p");
                events.incrementAndGet();
                Thread.interrupted(); // clears and ignores any interrupt
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // about a thousand paragraphs a second
            }
        }
    }

    @Test
    void cancelStopsAParserThatIgnoresInterrupts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("doc.txt"), "anything");
        EndlessParser parser = new EndlessParser();
        // no character limit or page limit that would end it first
        StructuredParse parse = new StructuredParse(parser, -1, Integer.MAX_VALUE);
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                parse.run(file, "text/plain");
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "endless-parse");
        thread.start();
        while (parser.events.get() < 20) {
            Thread.onSpinWait();
        }

        thread.interrupt();
        thread.join(500);
        assertTrue(thread.isAlive(), "the interrupt alone does not stop this parser");

        parse.cancel();
        thread.join(5000);
        assertFalse(thread.isAlive(), "cancel() stopped the parse");
        assertInstanceOf(ExtractionException.class, outcome.get());
        assertEquals("reading the document was stopped", outcome.get().getMessage());
    }
}
