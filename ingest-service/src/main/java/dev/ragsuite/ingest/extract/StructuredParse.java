package dev.ragsuite.ingest.extract;

import dev.ragsuite.ingest.documents.ContentSniffer;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.apache.tika.sax.ContentHandlerDecorator;
import org.apache.tika.sax.WriteOutContentHandler;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

/**
 * One parse of one file: Tika's XHTML → {@link StructureHandler} blocks → paragraphs (plain text and
 * Markdown arrive as one block and are split at blank lines; Markdown {@code #} lines become
 * headings) → {@link ExtractedText} with character offsets. Not thread-safe; one per parse, except
 * {@link #cancel()}, which another thread calls to stop it.
 */
public final class StructuredParse {

    private static final int MAX_REASON_CHARS = 200;
    private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n[ \\t\\x0B\\f\\r]*\\n\\s*");
    private static final Pattern MARKDOWN_HEADING = Pattern.compile("^(#{1,6})[ \\t]+(.+?)[ \\t#]*$");

    private final Parser parser;
    private final int maxChars;
    private final int maxPages;
    /** Set by {@link #cancel()}; checked on every SAX event the parser emits. */
    private volatile boolean cancelled;

    public StructuredParse(Parser parser, int maxChars, int maxPages) {
        this.parser = parser;
        this.maxChars = maxChars;
        this.maxPages = maxPages;
    }

    public ExtractedText run(Path file, String contentType) throws ExtractionException {
        Metadata metadata = new Metadata();
        boolean markdown = ContentSniffer.MARKDOWN.equals(contentType);
        metadata.set(Metadata.CONTENT_TYPE, markdown ? ContentSniffer.TEXT : contentType);
        StructureHandler structure = new StructureHandler(maxPages);
        boolean truncated = false;
        try (TikaInputStream in = TikaInputStream.get(file)) {
            ContentHandler handler = new BodyContentHandler(new WriteOutContentHandler(structure, maxChars));
            parser.parse(in, new Cancellable(handler), metadata, new ParseContext());
        } catch (Cancelled e) {
            throw new ExtractionException("reading the document was stopped");
        } catch (NoSuchFileException e) {
            throw new ExtractionException("the stored file is missing");
        } catch (ZeroByteFileException e) {
            throw new ExtractionException("the file is empty");
        } catch (IOException e) {
            throw new ExtractionException("the stored file could not be read");
        } catch (EncryptedDocumentException e) {
            throw new ExtractionException("the document is password-protected");
        } catch (TikaException e) {
            throw new ExtractionException("the file could not be read as " + ContentSniffer.describe(contentType) + reason(e));
        } catch (StructureHandler.TooManyPages e) {
            throw new ExtractionException("the document has more than " + maxPages + " pages (rag.ingest.limits.max-pages)");
        } catch (SAXException e) {
            if (!WriteLimitReachedException.isWriteLimitReached(e)) {
                throw new ExtractionException("the file could not be read as " + ContentSniffer.describe(contentType) + reason(e));
            }
            truncated = true; // cut at rag.ingest.max-extracted-chars: index what we have
        }
        return assemble(structure.blocks(), structure.pages(), markdown, truncated);
    }

    /**
     * Stops the parse at the next SAX event it emits (from any thread). Tika's parsers do not all
     * honour thread interrupts, but every one of them emits events as it goes, so a parse past its
     * timeout frees its pool thread instead of running on. A parser stuck before its next event
     * (inside a decompressor, say) still finishes that step first.
     */
    public void cancel() {
        cancelled = true;
    }

    /** Throws {@link Cancelled} at the first event after {@link #cancel()}. */
    private final class Cancellable extends ContentHandlerDecorator {

        Cancellable(ContentHandler handler) {
            super(handler);
        }

        private void check() throws Cancelled {
            if (cancelled) {
                throw new Cancelled();
            }
        }

        @Override
        public void startElement(String uri, String localName, String name, Attributes atts) throws SAXException {
            check();
            super.startElement(uri, localName, name, atts);
        }

        @Override
        public void endElement(String uri, String localName, String name) throws SAXException {
            check();
            super.endElement(uri, localName, name);
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            check();
            super.characters(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            check();
            super.ignorableWhitespace(ch, start, length);
        }
    }

    /** The parse was cancelled. */
    static final class Cancelled extends SAXException {
        Cancelled() {
            super("the parse was cancelled");
        }
    }

    private static ExtractedText assemble(List<StructureHandler.RawBlock> raw, int pages, boolean markdown, boolean truncated) {
        List<ExtractedText.Block> blocks = new ArrayList<>();
        List<String> markdownHeadings = new ArrayList<>();
        int offset = 0;
        for (StructureHandler.RawBlock block : raw) {
            for (String paragraph : PARAGRAPH_BREAK.split(block.text())) {
                String text = paragraph.strip();
                if (text.isEmpty()) {
                    continue;
                }
                boolean heading = block.headingLevel() > 0;
                String path = block.headingPath();
                if (markdown) {
                    Matcher m = MARKDOWN_HEADING.matcher(text);
                    if (m.matches() && !text.contains("\n")) {
                        int level = m.group(1).length();
                        while (markdownHeadings.size() >= level) {
                            markdownHeadings.remove(markdownHeadings.size() - 1);
                        }
                        while (markdownHeadings.size() < level - 1) {
                            markdownHeadings.add("");
                        }
                        markdownHeadings.add(m.group(2).strip());
                        heading = true;
                    }
                    path = StructureHandler.headingPath(markdownHeadings);
                }
                int start = offset == 0 && blocks.isEmpty() ? 0 : offset + 2; // blocks are joined by "\n\n"
                blocks.add(new ExtractedText.Block(text, heading, path, block.page(), start));
                offset = start + text.length();
            }
        }
        return new ExtractedText(List.copyOf(blocks), pages, truncated);
    }

    /** The innermost cause's message, on one line and short: what went wrong, without a stack trace. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            return "";
        }
        String line = message.replaceAll("\\s+", " ").strip();
        return " (" + (line.length() > MAX_REASON_CHARS ? line.substring(0, MAX_REASON_CHARS) + "…" : line) + ")";
    }
}
