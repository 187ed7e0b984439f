package dev.ragsuite.chat.answer.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import java.net.URI;
import java.util.Map;

/**
 * The language model answers come from, built once at start by {@link LanguageModels}: who provides it, the
 * model's name, its two LangChain4j faces (whole and streamed answers) and how readiness probes it.
 *
 * @param name the model as configured, e.g. {@code gpt-4o-mini}
 */
public record LanguageModel(LlmProvider provider, String name, ChatModel chat, StreamingChatModel streaming, Probe probe) {

    /** What answers, readiness and metrics call the model: {@code <provider>:<model>}, e.g. {@code openai:gpt-4o-mini}. */
    public String label() {
        return label(provider, name);
    }

    public static String label(LlmProvider provider, String name) {
        return provider.wire() + ":" + name;
    }

    /**
     * A GET that answers 2xx while the provider is reachable with the configured key.
     *
     * @param headers what the request carries (the API key): never logged, hence left out of {@link #toString()}
     */
    public record Probe(URI url, Map<String, String> headers) {

        public Probe {
            headers = Map.copyOf(headers);
        }

        @Override
        public String toString() {
            return "Probe[url=" + url + ", headers=" + headers.keySet() + "]";
        }
    }

    @Override
    public String toString() {
        return "LanguageModel[" + label() + ", probe " + probe + "]";
    }
}
