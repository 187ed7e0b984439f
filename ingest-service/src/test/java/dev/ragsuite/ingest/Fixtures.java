package dev.ragsuite.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Small documents generated in code, so no binary fixtures live in the repository. */
public final class Fixtures {

    private static final String[] SENTENCES = {
        "The lighthouse keeper climbed the spiral stairs every evening to light the lamp.",
        "Ships passing the rocky headland relied on its beam to find the harbour entrance.",
        "In winter the storms were so strong that salt spray reached the highest windows.",
        "A logbook recorded the weather, the passing vessels and the oil used each night.",
        "When electricity arrived, the keeper's role changed from tending flames to checking circuits.",
        "Today the light is automatic, and the old keeper's cottage has become a small museum.",
    };

    private Fixtures() {
    }

    /** About {@code paragraphs} × 90 words of ordinary prose, enough for several chunks. */
    public static String prose(int paragraphs) {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < paragraphs; p++) {
            for (int s = 0; s < SENTENCES.length; s++) {
                text.append(SENTENCES[(p + s) % SENTENCES.length]).append(' ');
            }
            text.append("Paragraph ").append(p + 1).append(" ends here.\n\n");
        }
        return text.toString();
    }

    public static byte[] markdown() {
        return ("# The lighthouse\n\n## History\n\n" + prose(4) + "## Today\n\n- automatic light\n- museum\n\n" + prose(2))
                .getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] text() {
        return prose(5).getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] html() {
        return ("<!DOCTYPE html>\n<html><head><title>Lighthouse</title><style>p { color: red; }</style></head><body>"
                + "<h1>The lighthouse</h1><p>" + prose(3).replace("\n\n", "</p><p>") + "</p></body></html>")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A real two-page PDF with text, made with PDFBox (which Tika brings along). */
    public static byte[] pdf() {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int page = 0; page < 2; page++) {
                PDPage pdPage = new PDPage();
                document.addPage(pdPage);
                try (PDPageContentStream content = new PDPageContentStream(document, pdPage)) {
                    content.beginText();
                    content.setFont(font, 11);
                    content.setLeading(14);
                    content.newLineAtOffset(50, 740);
                    for (String sentence : SENTENCES) {
                        content.showText(sentence);
                        content.newLine();
                        content.showText("Page " + (page + 1) + " repeats the story of the lighthouse keeper.");
                        content.newLine();
                    }
                    content.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts like a PDF, then stops: sniffed as PDF, unreadable as one. */
    public static byte[] truncatedPdf() {
        byte[] whole = pdf();
        byte[] cut = new byte[200];
        System.arraycopy(whole, 0, cut, 0, cut.length);
        return cut;
    }

    /** The PNG signature and the start of an IHDR chunk. */
    public static byte[] pngHeader() {
        return new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R',
            0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0 };
    }
}
