package dev.ragsuite.chat.answer.llm;

/** Who serves the language model answers come from ({@code rag.chat.llm.provider}). */
public enum LlmProvider {
    /** A local Ollama server, through the quarkus-langchain4j Ollama extension. */
    OLLAMA("ollama"),
    /** Google's Gemini API (the seed app's hosted path), through LangChain4j's Google AI Gemini client. */
    GEMINI("gemini"),
    /** Any server speaking OpenAI's chat completions API (OpenAI, vLLM, llama.cpp's server, LM Studio). */
    OPENAI("openai");

    private final String wire;

    LlmProvider(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static LlmProvider fromWire(String value) {
        for (LlmProvider provider : values()) {
            if (provider.wire.equals(value)) {
                return provider;
            }
        }
        throw new IllegalArgumentException("unknown language model provider: " + value);
    }
}
