package dev.ragsuite.vector.embedding.provider;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.vector.embedding.InProcessModel;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the registry reads model ids and what it refuses at start-up. */
class EmbedderRegistryTest {

    private static Optional<String> url(String baseUrl) {
        return Optional.ofNullable(baseUrl);
    }

    @Test
    void plainOllamaMeansTheConfiguredOllamaModel() {
        assertEquals("ollama:nomic-embed-text", EmbedderRegistry.canonical("ollama", "nomic-embed-text"));
        assertEquals("ollama:mxbai-embed-large", EmbedderRegistry.canonical("ollama:mxbai-embed-large", "nomic-embed-text"));
        assertEquals("all-minilm-l6-v2", EmbedderRegistry.canonical("all-minilm-l6-v2", "nomic-embed-text"));
    }

    @Test
    void anOllamaModelWithoutABaseUrlIsAClearStartUpError() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EmbedderRegistry.require("ollama:nomic-embed-text", url(null)));
        assertTrue(e.getMessage().contains("OLLAMA_BASE_URL"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> EmbedderRegistry.require("ollama:nomic-embed-text", url(" ")));
        assertThrows(IllegalStateException.class, () -> EmbedderRegistry.require("ollama:", url("http://127.0.0.1:11434")));
        assertDoesNotThrow(() -> EmbedderRegistry.require("ollama:nomic-embed-text", url("http://127.0.0.1:11434")));
    }

    @Test
    void anOpenAiModelNeedsABaseUrlAndANameOfItsOwn() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> EmbedderRegistry.require("openai:text-embedding-3-small", url(null), url(null)));
        assertTrue(missing.getMessage().contains("RAG_OPENAI_EMBEDDING_BASE_URL"), missing.getMessage());
        assertThrows(IllegalStateException.class, () -> EmbedderRegistry.require("openai:", url(null), url("http://127.0.0.1:8000/v1")));
        assertDoesNotThrow(() -> EmbedderRegistry.require("openai:text-embedding-3-small", url(null), url("http://127.0.0.1:8000/v1")));
        assertEquals("openai:text-embedding-3-small", EmbedderRegistry.canonical("openai:text-embedding-3-small", "nomic-embed-text"));
    }

    @Test
    void anUnknownModelNamesTheKnownOnes() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EmbedderRegistry.require("text-embedding-3-large", url(null)));
        assertTrue(e.getMessage().contains("all-minilm-l6-v2") && e.getMessage().contains("ollama:<name>"), e.getMessage());
        assertDoesNotThrow(() -> EmbedderRegistry.require("bge-small-en-v1.5-q", url(null)));
        assertDoesNotThrow(() -> EmbedderRegistry.require("e5-small-v2-q", url(null)));
    }

    @Test
    void eachModelGetsTheQueryAndPassagePrefixesOfItsModelCard() {
        assertEquals("query: In what year did Tesla die?", InProcessModel.E5_SMALL_V2_Q.queryText("In what year did Tesla die?"));
        assertEquals("passage: Tesla died in 1943.", InProcessModel.E5_SMALL_V2_Q.passageText("Tesla died in 1943."));
        assertEquals("Represent this sentence for searching relevant passages: When did Tesla die?",
                InProcessModel.BGE_SMALL_EN_V15_Q.queryText("When did Tesla die?"));
        assertEquals("Tesla died in 1943.", InProcessModel.BGE_SMALL_EN_V15_Q.passageText("Tesla died in 1943."));
        assertEquals("When did Tesla die?", InProcessModel.ALL_MINILM_L6_V2.queryText("When did Tesla die?"));
        assertEquals("Tesla died in 1943.", InProcessModel.ALL_MINILM_L6_V2.passageText("Tesla died in 1943."));
    }
}
