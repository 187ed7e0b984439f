package dev.ragsuite.ingest.service;

import dev.langchain4j.data.document.DocumentSplitter;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.embedding.onnx.HuggingFaceTokenCountEstimator;
import dev.ragsuite.common.vector.VectorLimits;
import dev.ragsuite.ingest.config.IngestConfig;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits extracted text into overlapping chunks that fit the embedding model. Tokens are counted
 * with all-MiniLM-L6-v2's own WordPiece tokenizer (the one bundled in langchain4j-embeddings, run
 * by DJL's native tokenizers library; no ONNX runtime), so "110 tokens" means what the model will
 * see: with [CLS] and [SEP] added, a chunk stays under the model's 128-token cut.
 * The tokenizer and the splitter are created once at start-up and are safe to share.
 */
@Startup // costly to build: pay at boot, not in the first request
@Singleton
public class Chunker {

    private static final String DJL_CACHE_DIR = "DJL_CACHE_DIR";

    private final TokenCountEstimator tokens;
    private final DocumentSplitter splitter;
    private final int maxTokens;

    public Chunker(IngestConfig config) {
        int max = config.chunk().maxTokens();
        int overlap = config.chunk().overlapTokens();
        if (overlap >= max) {
            throw new IllegalArgumentException("rag.ingest.chunk.overlap-tokens (" + overlap
                    + ") must be smaller than rag.ingest.chunk.max-tokens (" + max + ")");
        }
        keepDjlCacheInDataDir(config);
        this.maxTokens = max;
        this.tokens = new HuggingFaceTokenCountEstimator();
        this.splitter = DocumentSplitters.recursive(max, overlap, tokens);
    }

    /** The chunks of {@code text} in reading order; empty when there is no text. */
    public List<String> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> chunks = new ArrayList<>();
        for (TextSegment segment : splitter.split(dev.langchain4j.data.document.Document.from(text))) {
            String chunk = segment.text().strip();
            // A "word" of more than 100 characters is a single [UNK] token to WordPiece, so a token
            // budget alone does not bound characters: cut such pathological chunks to the contract's limit.
            for (int start = 0; start < chunk.length(); start += VectorLimits.MAX_CHUNK_CHARS) {
                String piece = chunk.substring(start, Math.min(chunk.length(), start + VectorLimits.MAX_CHUNK_CHARS)).strip();
                if (!piece.isEmpty()) {
                    chunks.add(piece);
                }
            }
        }
        return chunks;
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
