package dev.ragsuite.ingest.service;

import dev.ragsuite.ingest.config.IngestConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.sax.BodyContentHandler;
import org.jboss.logging.Logger;
import org.xml.sax.SAXException;

/**
 * Extracts the plain text of a stored document with Apache Tika. Markdown is handed to Tika as plain
 * text, so its markup stays in the text (it reads fine and keeps headings as context). Blocking.
 */
@Startup // costly to build: pay at boot, not in the first request
@Singleton
public class TextExtractor {

    private static final Logger LOG = Logger.getLogger(TextExtractor.class);
    private static final int MAX_REASON_CHARS = 200;

    /** AutoDetectParser is thread-safe and costly to build (it loads every parser): one for the service. */
    private final Parser parser = new AutoDetectParser();
    private final int maxChars;

    public TextExtractor(IngestConfig config) {
        this.maxChars = config.maxExtractedChars();
    }

    public String extract(Path file, String contentType) throws ExtractionException {
        Metadata metadata = new Metadata();
        metadata.set(Metadata.CONTENT_TYPE,
                ContentSniffer.MARKDOWN.equals(contentType) ? ContentSniffer.TEXT : contentType);
        BodyContentHandler handler = new BodyContentHandler(maxChars);
        try (TikaInputStream in = TikaInputStream.get(file)) {
            parser.parse(in, handler, metadata, new ParseContext());
        } catch (NoSuchFileException e) {
            throw new ExtractionException("the stored file is missing");
        } catch (IOException e) {
            throw new ExtractionException("the stored file could not be read");
        } catch (EncryptedDocumentException e) {
            throw new ExtractionException("the document is password-protected");
        } catch (TikaException e) {
            throw new ExtractionException("the file could not be read as " + describe(contentType) + reason(e));
        } catch (SAXException e) {
            if (!WriteLimitReachedException.isWriteLimitReached(e)) {
                throw new ExtractionException("the file could not be read as " + describe(contentType) + reason(e));
            }
            LOG.infof("Text of %s cut at %d characters (rag.ingest.max-extracted-chars)", file.getFileName(), maxChars);
        }
        return handler.toString();
    }

    private static String describe(String contentType) {
        return switch (contentType) {
            case ContentSniffer.PDF -> "PDF";
            case ContentSniffer.HTML, ContentSniffer.XHTML -> "HTML";
            case ContentSniffer.MARKDOWN -> "Markdown";
            default -> "text";
        };
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
