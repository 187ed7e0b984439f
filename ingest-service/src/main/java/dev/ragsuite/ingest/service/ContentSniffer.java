package dev.ragsuite.ingest.service;

import dev.ragsuite.common.problem.ProblemException;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;

/**
 * Decides what an upload is from its bytes (Apache Tika's detectors), never from the name or the
 * Content-Type the client claims. The name only tells Markdown apart from other plain text.
 */
@Startup // costly to build: pay at boot, not in the first request
@Singleton
public class ContentSniffer {

    public static final String TEXT = "text/plain";
    public static final String MARKDOWN = "text/markdown";
    public static final String HTML = "text/html";
    public static final String XHTML = "application/xhtml+xml";
    public static final String PDF = "application/pdf";
    public static final List<String> SUPPORTED = List.of(TEXT, MARKDOWN, HTML, XHTML, PDF);

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
        if (TEXT.equals(detected) && isMarkdownName(displayName)) {
            return MARKDOWN;
        }
        if (SUPPORTED.contains(detected)) {
            return detected;
        }
        throw ProblemException.unsupportedMediaType("This file looks like " + detected
                + ", which cannot be indexed. Supported: plain text, Markdown (.md, .markdown), HTML, XHTML and PDF ("
                + String.join(", ", SUPPORTED) + ").");
    }

    private static boolean isMarkdownName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".md") || lower.endsWith(".markdown");
    }
}
