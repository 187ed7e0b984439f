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

    /** A Word document with two paragraphs, made with Apache POI (which Tika brings along). */
    public static byte[] docx() {
        try (org.apache.poi.xwpf.usermodel.XWPFDocument doc = new org.apache.poi.xwpf.usermodel.XWPFDocument();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String sentence : SENTENCES) {
                doc.createParagraph().createRun().setText(sentence + " The docx keeper wrote this.");
            }
            doc.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A two-slide presentation. */
    public static byte[] pptx() {
        try (org.apache.poi.xslf.usermodel.XMLSlideShow show = new org.apache.poi.xslf.usermodel.XMLSlideShow();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int slide = 0; slide < 2; slide++) {
                org.apache.poi.xslf.usermodel.XSLFTextBox box = show.createSlide().createTextBox();
                box.setAnchor(new java.awt.Rectangle(50, 50, 600, 400));
                box.setText("Slide " + (slide + 1) + ": " + SENTENCES[slide] + " Presentation harbour beacon.");
            }
            show.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A workbook with one sheet of rows. */
    public static byte[] xlsx() {
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook book = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
                ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            org.apache.poi.ss.usermodel.Sheet sheet = book.createSheet("Keepers");
            for (int r = 0; r < SENTENCES.length; r++) {
                org.apache.poi.ss.usermodel.Row row = sheet.createRow(r);
                row.createCell(0).setCellValue("Keeper " + r);
                row.createCell(1).setCellValue(SENTENCES[r] + " Spreadsheet lantern.");
            }
            book.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] csv() {
        StringBuilder csv = new StringBuilder("keeper,year,note\n");
        for (int r = 0; r < SENTENCES.length; r++) {
            csv.append("Keeper ").append(r).append(',').append(1900 + r).append(",\"").append(SENTENCES[r]).append(" Comma lantern.\"\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] eml() {
        return ("From: keeper@example.org\r\nTo: harbour@example.org\r\nSubject: The lamp log\r\n"
                + "Date: Tue, 1 Dec 2026 10:00:00 +0000\r\nMessage-ID: <lamp-1@example.org>\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + prose(2).replace("\n", "\r\n") + "Mail beacon signature.\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** An OpenDocument text, zipped by hand: a heading and paragraphs. */
    public static byte[] odt() {
        String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">"
                + "<office:body><office:text><text:h text:outline-level=\"1\">Odt harbour</text:h>"
                + "<text:p>" + String.join("</text:p><text:p>", SENTENCES) + "</text:p><text:p>Open document lantern.</text:p>"
                + "</office:text></office:body></office:document-content>";
        String manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
                + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.text\"/>"
                + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                + "</manifest:manifest>";
        return zip(new String[][] { { "mimetype", "application/vnd.oasis.opendocument.text" },
            { "META-INF/manifest.xml", manifest }, { "content.xml", content } });
    }

    /** An EPUB 2 book with one chapter, zipped by hand. */
    public static byte[] epub() {
        String container = "<?xml version=\"1.0\"?><container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">"
                + "<rootfiles><rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/></rootfiles></container>";
        String opf = "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\" unique-identifier=\"id\">"
                + "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Lighthouse</dc:title><dc:identifier id=\"id\">x</dc:identifier></metadata>"
                + "<manifest><item id=\"c1\" href=\"chapter1.xhtml\" media-type=\"application/xhtml+xml\"/></manifest>"
                + "<spine><itemref idref=\"c1\"/></spine></package>";
        String chapter = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>One</title></head>"
                + "<body><h1>Epub chapter</h1><p>" + String.join("</p><p>", SENTENCES) + "</p><p>Electronic book beacon.</p></body></html>";
        return zip(new String[][] { { "mimetype", "application/epub+zip" }, { "META-INF/container.xml", container },
            { "OEBPS/content.opf", opf }, { "OEBPS/chapter1.xhtml", chapter } });
    }

    /**
     * A Word-shaped ZIP whose document.xml inflates ~1000:1 into millions of characters: small on the
     * wire, huge when parsed.
     */
    public static byte[] zipBombDocx() {
        StringBuilder body = new StringBuilder("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
        String paragraph = "<w:p><w:r><w:t>" + "bomb ".repeat(2000) + "</w:t></w:r></w:p>";
        for (int i = 0; i < 2000; i++) {
            body.append(paragraph);
        }
        body.append("</w:body></w:document>");
        return zip(new String[][] { { "[Content_Types].xml", DOCX_TYPES }, { "_rels/.rels", DOCX_RELS }, { "word/document.xml", body.toString() } });
    }

    /**
     * A Word document whose every paragraph is a distinct short word: it compresses only about 7:1 (so
     * no zip-bomb ratio check stops it) yet the parser builds an object tree of hundreds of bytes per
     * paragraph: 200,000 paragraphs are a ~1.2 MB upload that needs far more than 64 MB of heap to read,
     * and seconds of CPU at any heap.
     */
    public static byte[] heapHungryDocx(int paragraphs) {
        java.util.Random random = new java.util.Random(paragraphs);
        StringBuilder body = new StringBuilder(paragraphs * 41 + 200).append("<?xml version=\"1.0\"?>"
                + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
        for (int i = 0; i < paragraphs; i++) {
            body.append("<w:p><w:r><w:t>").append(Integer.toHexString(random.nextInt())).append("</w:t></w:r></w:p>");
        }
        body.append("</w:body></w:document>");
        return zip(new String[][] { { "[Content_Types].xml", DOCX_TYPES }, { "_rels/.rels", DOCX_RELS },
            { "word/document.xml", body.toString() } });
    }

    private static final String DOCX_TYPES = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

    private static final String DOCX_RELS = "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";

    /** A plain ZIP archive (not a document format) with one text file. */
    public static byte[] plainZip() {
        return zip(new String[][] { { "notes.txt", prose(1) } });
    }

    /** Entries in order; a first entry named "mimetype" is STORED, as ODF and EPUB require. */
    static byte[] zip(String[][] entries) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.setLevel(9);
            for (String[] entry : entries) {
                byte[] data = entry[1].getBytes(StandardCharsets.UTF_8);
                java.util.zip.ZipEntry e = new java.util.zip.ZipEntry(entry[0]);
                if ("mimetype".equals(entry[0])) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(data);
                    e.setMethod(java.util.zip.ZipEntry.STORED);
                    e.setSize(data.length);
                    e.setCompressedSize(data.length);
                    e.setCrc(crc.getValue());
                }
                zip.putNextEntry(e);
                zip.write(data);
                zip.closeEntry();
            }
            zip.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PNG signature and the start of an IHDR chunk. */
    public static byte[] pngHeader() {
        return new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R',
            0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0 };
    }
}
