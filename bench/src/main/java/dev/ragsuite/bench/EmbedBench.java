package dev.ragsuite.bench;

import dev.langchain4j.data.document.Document;
import dev.langchain4j.data.document.DocumentSplitter;
import dev.langchain4j.data.document.splitter.DocumentSplitters;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.HuggingFaceTokenCountEstimator;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.ragsuite.vector.embedding.InProcessModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The ceiling for ingestion: the suite's in-process embedding model ({@link #model()}: vector-service's own
 * {@link InProcessModel}, with its passage prefix, as many threads as CPUs, as vector-service defaults to)
 * in a bare loop over the corpus cut
 * into chunks of the ingest chunker's budget (110 tokens, 20 overlap, counted with the model's own
 * tokenizer), embedded in batches of 64 as ingest-service sends them. No HTTP, no database, no
 * index: the gap to the ingest figure is what the pipeline costs.
 */
final class EmbedBench {

    private static final int MAX_TOKENS = 110;
    private static final int OVERLAP_TOKENS = 20;
    private static final int BATCH = 64;

    /** What one run measured: its table rows, the chunks embedded and the chunks/s of the embedding loop. */
    record Result(List<String> table, int chunks, double seconds, double chunksPerS) {
    }

    Result run(List<Path> files) throws IOException {
        long splitStart = System.nanoTime();
        DocumentSplitter splitter = DocumentSplitters.recursive(MAX_TOKENS, OVERLAP_TOKENS,
                new HuggingFaceTokenCountEstimator());
        List<String> chunks = new ArrayList<>();
        long bytes = 0;
        for (Path file : files) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            bytes += file.toFile().length();
            splitter.split(Document.from(text)).forEach(segment -> chunks.add(segment.text()));
        }
        double splitSeconds = (System.nanoTime() - splitStart) / 1e9;
        List<String> head = List.of(IngestBench.row("bare loop: splitting (" + MAX_TOKENS + "/" + OVERLAP_TOKENS + " tokens)", splitSeconds, "s"));
        Result result = embed(chunks, head);
        List<String> table = new ArrayList<>(result.table());
        table.add(IngestBench.row("bare loop: documents/s (" + files.size() + " files)", files.size() / result.seconds(), "docs/s"));
        table.add(IngestBench.row("bare loop: bytes/s", bytes / result.seconds(), "B/s"));
        return new Result(table, result.chunks(), result.seconds(), result.chunksPerS());
    }

    /**
     * The model the suite embeds with: {@code RAG_VECTOR_EMBEDDING_MODEL} when it names an in-process model (the
     * bench suite inherits this environment), else vector-service's default.
     */
    static InProcessModel model() {
        String configured = System.getenv("RAG_VECTOR_EMBEDDING_MODEL");
        return configured == null ? InProcessModel.DEFAULT : InProcessModel.byId(configured.trim()).orElse(InProcessModel.DEFAULT);
    }

    /**
     * The bare loop over chunk texts given as they are (P2 of {@code ./rag bench all}: the very chunks
     * the suite indexed); {@code head} are table rows saying where they came from.
     */
    Result embed(List<String> chunks, List<String> head) {
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            long loadStart = System.nanoTime();
            InProcessModel which = model();
            EmbeddingModel model = which.load(executor);
            model.embed(which.passageText("warm-up"));
            double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

            long start = System.nanoTime();
            long dims = 0;
            long chars = 0;
            for (int i = 0; i < chunks.size(); i += BATCH) {
                List<TextSegment> batch = chunks.subList(i, Math.min(chunks.size(), i + BATCH)).stream()
                        .map(text -> TextSegment.from(which.passageText(text))).toList();
                dims = model.embedAll(batch).content().get(0).dimension();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            for (String c : chunks) {
                chars += c.length();
            }

            List<String> table = new ArrayList<>();
            table.add(String.format(Locale.ROOT, "%-62s %s", "bare loop: model / threads / batch",
                    which.id() + " (" + dims + " dims, in-process ONNX) / " + threads + " / " + BATCH));
            table.add(IngestBench.row("bare loop: model load + first embedding", loadSeconds, "s"));
            table.addAll(head);
            table.add(IngestBench.row("bare loop: chunks embedded", chunks.size(), "chunks"));
            table.add(IngestBench.row("bare loop: mean chunk length", chunks.isEmpty() ? 0 : (double) chars / chunks.size(), "chars"));
            table.add(IngestBench.row("bare loop: embedding time", seconds, "s"));
            table.add(IngestBench.row("bare loop: chunks/s", chunks.size() / seconds, "chunks/s"));
            return new Result(table, chunks.size(), seconds, chunks.size() / seconds);
        } finally {
            executor.shutdownNow();
        }
    }
}
