package dev.ragsuite.ingest.extract;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Turns the XHTML that every Tika parser emits into {@link ExtractedText.Block}s: headings
 * ({@code h1}–{@code h6}) maintain a heading path, block elements (paragraphs, list items, table
 * rows, …) end a block, and {@code <div class="page">} (PDF pages) and {@code <div class="slide-content">}
 * (presentation slides) advance the page number. Stops the parse once {@code maxPages} is exceeded.
 */
final class StructureHandler extends DefaultHandler {

    /** Thrown to stop a parse early when the document has more pages than allowed. */
    static final class TooManyPages extends SAXException {
        TooManyPages(int max) {
            super("more than " + max + " pages");
        }
    }

    record RawBlock(String text, int headingLevel, String headingPath, Integer page) {
    }

    private static final Set<String> BLOCKS = Set.of("p", "li", "tr", "pre", "blockquote", "dt", "dd", "caption",
            "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "article", "table", "ul", "ol", "body");

    private final int maxPages;
    private final List<RawBlock> blocks = new ArrayList<>();
    private final List<String> headings = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private int page;
    private int headingLevel;

    StructureHandler(int maxPages) {
        this.maxPages = maxPages;
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        String name = localName.isEmpty() ? qName : localName;
        if (BLOCKS.contains(name)) {
            flush();
        }
        if ("div".equals(name)) {
            String cls = atts.getValue("class");
            if ("page".equals(cls) || "slide-content".equals(cls)) {
                page++;
                if (page > maxPages) {
                    throw new TooManyPages(maxPages);
                }
            }
        } else if (name.length() == 2 && name.charAt(0) == 'h' && Character.isDigit(name.charAt(1))) {
            headingLevel = name.charAt(1) - '0';
        } else if ("br".equals(name)) {
            text.append('\n');
        } else if ("td".equals(name) || "th".equals(name)) {
            if (!text.isEmpty()) {
                text.append(" | ");
            }
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) {
        String name = localName.isEmpty() ? qName : localName;
        if (BLOCKS.contains(name)) {
            flush();
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) {
        text.append(ch, start, length);
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) {
        text.append(ch, start, length);
    }

    @Override
    public void endDocument() {
        flush();
    }

    /** Blocks so far (also after a parse stopped early). */
    List<RawBlock> blocks() {
        flush();
        return blocks;
    }

    int pages() {
        return page;
    }

    private void flush() {
        String content = text.toString().strip();
        text.setLength(0);
        int level = headingLevel;
        headingLevel = 0;
        if (content.isEmpty()) {
            return;
        }
        Integer pageNumber = page > 0 ? page : null;
        if (level > 0) {
            while (headings.size() >= level) {
                headings.remove(headings.size() - 1);
            }
            while (headings.size() < level - 1) {
                headings.add(""); // a skipped level (h1 → h3) leaves an empty step
            }
            headings.add(content.replaceAll("\\s+", " "));
        }
        blocks.add(new RawBlock(content, level, headingPath(headings), pageNumber));
    }

    static String headingPath(List<String> headings) {
        String path = String.join(" > ", headings.stream().filter(h -> !h.isEmpty()).toList());
        return path.isEmpty() ? null : path;
    }
}
