package dev.ragsuite.ingest.extract;

import java.util.List;

/**
 * A document's text as blocks in reading order (headings, paragraphs, list items, cells), each
 * with where it came from, so chunks can cite "page 12, section 3.2".
 *
 * @param pages pages of the document when it has them (PDF, presentations), else 0
 * @param truncated whether the text was cut at {@code rag.ingest.max-extracted-chars}
 */
public record ExtractedText(List<Block> blocks, int pages, boolean truncated) {

    /**
     * @param text the block's text, never blank
     * @param heading whether the block is itself a heading
     * @param headingPath the headings above (and including, for a heading) this block, or null
     * @param page the 1-based page the block is on, or null
     * @param startChar offset of the block in the document's text (blocks joined by blank lines)
     */
    public record Block(String text, boolean heading, String headingPath, Integer page, int startChar) {

        /** NUL (U+0000) becomes a space: no service takes it in JSON text, PostgreSQL cannot store it, offsets stay. */
        public Block {
            text = text == null ? null : text.replace('\u0000', ' ');
            headingPath = headingPath == null ? null : headingPath.replace('\u0000', ' ');
        }
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** The whole text, blocks separated by blank lines (the frame of reference of {@code startChar}). */
    public String text() {
        StringBuilder all = new StringBuilder();
        for (Block block : blocks) {
            if (!all.isEmpty()) {
                all.append("\n\n");
            }
            all.append(block.text());
        }
        return all.toString();
    }
}
