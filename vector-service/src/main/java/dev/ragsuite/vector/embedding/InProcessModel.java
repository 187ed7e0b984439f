package dev.ragsuite.vector.embedding;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The ONNX embedding models bundled with vector-service (LangChain4j's in-process models, each a jar
 * from Maven Central). The {@link #id} is what {@code rag.vector.embedding.model} names and what the
 * index manifest records. All of them cut their input at a model-specific token limit (MiniLM: 128
 * word pieces, BGE and E5: 512), so chunks should stay below the smallest limit in use.
 *
 * <p>Some models were trained to embed a search query and a passage differently: E5 wants
 * {@code "query: "} and {@code "passage: "} before the text, BGE v1.5 an instruction before the query
 * and nothing before the passage (their model cards). {@link #queryText} and {@link #passageText} add
 * them; the index stores the chunk text without its prefix.
 */
public enum InProcessModel {

    /** sentence-transformers/all-MiniLM-L6-v2, float32: the default until issue 15 and the model of every index before re-embedding existed. */
    ALL_MINILM_L6_V2("all-minilm-l6-v2", 384, AllMiniLmL6V2EmbeddingModel::new, "", ""),
    /** The same model quantised to int8: about 2x faster, slightly less accurate. */
    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", 384, AllMiniLmL6V2QuantizedEmbeddingModel::new, "", ""),
    /** BAAI/bge-small-en-v1.5 quantised (512-token window), with the query instruction of its model card. */
    BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", 384, BgeSmallEnV15QuantizedEmbeddingModel::new,
            "Represent this sentence for searching relevant passages: ", ""),
    /**
     * intfloat/e5-small-v2 quantised (512-token window), with its "query: " / "passage: " prefixes: the default, the
     * best retriever of these on the evaluation questions (docs/evaluation.md: dense recall@5 0.963 against MiniLM's 0.890).
     */
    E5_SMALL_V2_Q("e5-small-v2-q", 384, E5SmallV2QuantizedEmbeddingModel::new, "query: ", "passage: ");

    public static final InProcessModel DEFAULT = E5_SMALL_V2_Q;

    private final String id;
    private final int dimensions;
    private final Function<Executor, EmbeddingModel> factory;
    private final String queryPrefix;
    private final String passagePrefix;

    InProcessModel(String id, int dimensions, Function<Executor, EmbeddingModel> factory, String queryPrefix, String passagePrefix) {
        this.id = id;
        this.dimensions = dimensions;
        this.factory = factory;
        this.queryPrefix = queryPrefix;
        this.passagePrefix = passagePrefix;
    }

    /** What the model is given for a search query: the query with the model's query prefix. */
    public String queryText(String query) {
        return queryPrefix + query;
    }

    /** What the model is given for a passage (a document chunk): the text with the model's passage prefix. */
    public String passageText(String passage) {
        return passagePrefix + passage;
    }

    public String id() {
        return id;
    }

    public int dimensions() {
        return dimensions;
    }

    /** Loads the model (tens of MB of ONNX weights): expensive, do it once. */
    public EmbeddingModel load(Executor executor) {
        return factory.apply(executor);
    }

    public static Optional<InProcessModel> byId(String id) {
        return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
    }

    /** The model {@code rag.vector.embedding.model} names, or a start-up error listing the known ones. */
    public static InProcessModel require(String id) {
        return byId(id).orElseThrow(() -> new IllegalStateException("rag.vector.embedding.model=" + id
                + " is not a known model; known: " + ids()));
    }

    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(InProcessModel::id).toList());
    }
}
