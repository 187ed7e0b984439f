package dev.ragsuite.ingest.chunking;

import dev.langchain4j.data.document.DocumentSplitter;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.embedding.onnx.HuggingFaceTokenCountEstimator;
import dev.ragsuite.vector.api.VectorLimits;
import dev.ragsuite.ingest.config.IngestConfig;
import dev.ragsuite.ingest.extract.ExtractedText;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a document's structured text into chunks along its structure: a heading always starts a
 * new chunk (sections are never mixed); a paragraph of up to {@code max-tokens} stays whole; short
 * paragraphs are packed together while the chunk stays within {@code pack-tokens}; only a paragraph
 * longer than {@code max-tokens} is cut — at sentences, then words — by LangChain4j's recursive
 * splitter, and only the pieces of such a cut paragraph share up to {@code overlap-tokens} of
 * trailing sentences. So a chunk never holds part of one paragraph together with another paragraph.
 * Each chunk keeps its ordinal, character offsets, heading path and page.
 * <p>
 * Tokens are counted with all-MiniLM-L6-v2's own WordPiece tokenizer (the one bundled in
 * langchain4j-embeddings, run by DJL's native tokenizers library; no ONNX runtime). The model embeds
 * the first 128 of them (with [CLS] and [SEP]): packing stops there ({@code pack-tokens} 110); a
 * longer paragraph is kept whole for keyword search and gold-passage retrieval (docs/evaluation.md).
 */
@Startup // costly to build: pay at boot, not in the first request
@Singleton
public class Chunker {

    /** Recorded with every chunk (database and vector payload); bump it when chunk boundaries change. */
    public static final String VERSION = "structure-v2";

    /** One chunk: {@code [startChar, endChar)} in {@link ExtractedText#text()}. */
    public record Chunk(int ordinal, String text, int startChar, int endChar, Integer page, String headingPath) {
    }

    private record Piece(String text, int start, Integer page, String headingPath, int tokens) {
    }

    private static final String DJL_CACHE_DIR = "DJL_CACHE_DIR";

    private final TokenCountEstimator tokens;
    private final DocumentSplitter splitter;
    private final int maxTokens;
    private final int packTokens;
    private final int overlapTokens;

    public Chunker(IngestConfig config) {
        int max = config.chunk().maxTokens();
        int overlap = config.chunk().overlapTokens();
        if (overlap >= max) {
            throw new IllegalArgumentException("rag.ingest.chunk.overlap-tokens (" + overlap
                    + ") must be smaller than rag.ingest.chunk.max-tokens (" + max + ")");
        }
        keepDjlCacheInDataDir(config);
        this.maxTokens = max;
        this.packTokens = Math.min(config.chunk().packTokens(), max);
        this.overlapTokens = overlap;
        this.tokens = new HuggingFaceTokenCountEstimator();
        this.splitter = DocumentSplitters.recursive(max, 0, tokens);
    }

    /** The chunks of {@code document} in reading order; empty when there is no text. */
    public List<Chunk> split(ExtractedText document) {
        List<Chunk> chunks = new ArrayList<>();
        List<Piece> current = new ArrayList<>();
        int currentTokens = 0;
        boolean currentHasNew = false;
        boolean currentHasBody = false;
        for (ExtractedText.Block block : document.blocks()) {
            if (block.heading() && currentHasNew) {
                emit(chunks, current);
                current.clear();
                currentTokens = 0;
                currentHasNew = false;
                currentHasBody = false;
            }
            List<Piece> pieces = pieces(block);
            for (int i = 0; i < pieces.size(); i++) {
                Piece piece = pieces.get(i);
                boolean full = currentTokens + piece.tokens() > maxTokens
                        || currentHasBody && currentTokens + piece.tokens() > packTokens;
                if (currentHasNew && full) {
                    emit(chunks, current);
                    // overlap only joins the pieces of one cut paragraph; whole paragraphs stand on their own
                    List<Piece> overlap = i == 0 || block.heading() ? List.of() : overlapOf(current.get(current.size() - 1), piece.tokens());
                    current.clear();
                    current.addAll(overlap);
                    currentTokens = overlap.stream().mapToInt(Piece::tokens).sum();
                    currentHasBody = false;
                }
                current.add(piece);
                currentTokens += piece.tokens();
                currentHasNew = true;
                currentHasBody |= !block.heading();
            }
        }
        if (currentHasNew) {
            emit(chunks, current);
        }
        return chunks;
    }

    /** Convenience for plain text: one block per paragraph, no headings or pages. */
    public List<Chunk> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<ExtractedText.Block> blocks = new ArrayList<>();
        int offset = 0;
        for (String paragraph : text.split("\\n\\s*\\n")) {
            String p = paragraph.strip();
            if (!p.isEmpty()) {
                int start = blocks.isEmpty() ? 0 : offset + 2;
                blocks.add(new ExtractedText.Block(p, false, null, null, start));
                offset = start + p.length();
            }
        }
        return split(new ExtractedText(blocks, 0, false));
    }

    /** A block as pieces that each fit a chunk on their own. */
    private List<Piece> pieces(ExtractedText.Block block) {
        String text = block.text();
        int count = countTokens(text);
        if (count <= maxTokens && text.length() <= VectorLimits.MAX_CHUNK_CHARS) {
            return List.of(new Piece(text, block.startChar(), block.page(), block.headingPath(), count));
        }
        List<Piece> pieces = new ArrayList<>();
        int cursor = 0;
        for (TextSegment segment : splitter.split(dev.langchain4j.data.document.Document.from(text))) {
            String part = segment.text().strip();
            // A "word" of more than 100 characters is a single [UNK] token to WordPiece, so a token
            // budget alone does not bound characters: cut such pathological parts to the contract's limit.
            for (int from = 0; from < part.length(); from += VectorLimits.MAX_CHUNK_CHARS) {
                String cut = part.substring(from, Math.min(part.length(), from + VectorLimits.MAX_CHUNK_CHARS)).strip();
                if (cut.isEmpty()) {
                    continue;
                }
                int at = text.indexOf(cut, cursor);
                int start = at >= 0 ? at : cursor;
                cursor = Math.min(text.length(), start + cut.length());
                pieces.add(new Piece(cut, block.startChar() + start, block.page(), block.headingPath(), countTokens(cut)));
            }
        }
        return pieces;
    }

    /** The trailing sentences of {@code last} worth at most the overlap budget (and leaving room for the next piece). */
    private List<Piece> overlapOf(Piece last, int nextTokens) {
        int budget = Math.min(overlapTokens, maxTokens - nextTokens);
        if (budget <= 0) {
            return List.of();
        }
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
        sentences.setText(last.text());
        int end = sentences.last();
        int start = end;
        int used = 0;
        for (int previous = sentences.previous(); previous != BreakIterator.DONE; previous = sentences.previous()) {
            int cost = countTokens(last.text().substring(previous, start));
            if (used + cost > budget) {
                break;
            }
            used += cost;
            start = previous;
        }
        if (start >= end || start == 0) {
            return List.of(); // nothing fits, or it would repeat the whole piece
        }
        String tail = last.text().substring(start).strip();
        return tail.isEmpty() ? List.of()
                : List.of(new Piece(tail, last.start() + last.text().indexOf(tail, start), last.page(), last.headingPath(), used));
    }

    private void emit(List<Chunk> chunks, List<Piece> pieces) {
        StringBuilder text = new StringBuilder();
        for (Piece piece : pieces) {
            if (!text.isEmpty()) {
                text.append("\n\n");
            }
            text.append(piece.text());
        }
        Piece first = pieces.get(0);
        Piece last = pieces.get(pieces.size() - 1);
        String headingPath = last.headingPath(); // the section the new content belongs to
        String body = text.toString();
        if (body.length() > VectorLimits.MAX_CHUNK_CHARS) {
            body = body.substring(0, VectorLimits.MAX_CHUNK_CHARS).strip();
        }
        chunks.add(new Chunk(chunks.size(), body, first.start(), last.start() + last.text().length(), first.page(), headingPath));
    }

    /** Tokens the model sees for {@code text}, without [CLS]/[SEP]. */
    public int countTokens(String text) {
        return tokens.estimateTokenCountInText(text);
    }

    public int maxTokens() {
        return maxTokens;
    }

    /** DJL unpacks its native library under ~/.djl.ai unless told otherwise; keep it in our data folder. */
    private static void keepDjlCacheInDataDir(IngestConfig config) {
        if (System.getenv(DJL_CACHE_DIR) == null && System.getProperty(DJL_CACHE_DIR) == null) {
            System.setProperty(DJL_CACHE_DIR, config.tokenizerCacheDir().toAbsolutePath().toString());
        }
    }
}
