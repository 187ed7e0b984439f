package dev.ragsuite.ingest.documents;

import dev.ragsuite.common.problem.ProblemException;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;

/**
 * Decides what an upload is from its bytes (Apache Tika's detectors, including the container
 * detectors of the parser package that look inside ZIP-based formats: OOXML, ODF, EPUB), never from
 * the name or the Content-Type the client claims. The name only refines plain text: {@code .md} /
 * {@code .markdown} is Markdown, {@code .csv} is CSV — text either way, so a wrong name cannot
 * smuggle anything past a parser.
 */
@Startup // costly to build: pay at boot, not in the first request
@Singleton
public class ContentSniffer {

    public static final String TEXT = "text/plain";
    public static final String MARKDOWN = "text/markdown";
    public static final String CSV = "text/csv";
    public static final String HTML = "text/html";
    public static final String XHTML = "application/xhtml+xml";
    public static final String PDF = "application/pdf";
    public static final String DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public static final String PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public static final String ODT = "application/vnd.oasis.opendocument.text";
    public static final String EML = "message/rfc822";
    public static final String EPUB = "application/epub+zip";

    /** Every type we index, with the short name users know it by. */
    public static final Map<String, String> NAMES = names();
    public static final List<String> SUPPORTED = List.copyOf(NAMES.keySet());

    private final Detector detector = TikaConfig.getDefaultConfig().getDetector();

    /**
     * @return one of {@link #SUPPORTED}
     * @throws ProblemException 415 for anything else
     */
    public String sniff(Path file, String displayName) throws IOException {
        String detected;
        try (TikaInputStream in = TikaInputStream.get(file)) {
            detected = detector.detect(in, new Metadata()).getBaseType().toString();
        }
        if (TEXT.equals(detected)) {
            String lower = displayName.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".md") || lower.endsWith(".markdown")) {
                return MARKDOWN;
            }
            if (lower.endsWith(".csv")) {
                return CSV;
            }
        }
        if (SUPPORTED.contains(detected)) {
            return detected;
        }
        throw ProblemException.unsupportedMediaType("This file looks like " + detected
                + ", which cannot be indexed. Supported: " + String.join(", ", NAMES.values()) + " ("
                + String.join(", ", SUPPORTED) + ").");
    }

    /** A type's short name for messages, e.g. "PDF". */
    public static String describe(String contentType) {
        return NAMES.getOrDefault(contentType, "text");
    }

    private static Map<String, String> names() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put(PDF, "PDF");
        names.put(DOCX, "Word (DOCX)");
        names.put(PPTX, "PowerPoint (PPTX)");
        names.put(XLSX, "Excel (XLSX)");
        names.put(ODT, "OpenDocument text (ODT)");
        names.put(HTML, "HTML");
        names.put(XHTML, "XHTML");
        names.put(MARKDOWN, "Markdown (.md, .markdown)");
        names.put(TEXT, "plain text");
        names.put(CSV, "CSV (.csv)");
        names.put(EML, "e-mail (EML)");
        names.put(EPUB, "EPUB");
        return java.util.Collections.unmodifiableMap(names);
    }
}
