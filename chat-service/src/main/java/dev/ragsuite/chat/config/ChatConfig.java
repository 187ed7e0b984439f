package dev.ragsuite.chat.config;


import dev.ragsuite.streams.DocumentEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Typed settings of chat-service ({@code rag.chat.*}). */
@ConfigMapping(prefix = "rag.chat")
public interface ChatConfig {

    /** Largest question accepted, in characters after trimming. */
    int MAX_QUESTION_CHARS = 2_000;
    /** Largest topK a caller may ask for. */
    int MAX_TOP_K = 20;

    /** How many passages to retrieve when the caller does not say. */
    @WithDefault("5")
    @Min(1)
    @Max(MAX_TOP_K)
    int defaultTopK();

    Llm llm();

    Retrieval retrieval();

    Extractive extractive();

    Conversations conversations();

    Followups followups();

    Cache cache();

    Streaming streaming();

    interface Llm {

        /**
         * Answer with the configured language model ({@link #provider()}). On only when the launcher sets
         * {@code RAG_LLM_ENABLED=true}, which it does when {@code OLLAMA_BASE_URL} or {@code RAG_LLM_PROVIDER}
         * is set; otherwise every answer is extractive.
         */
        @WithDefault("false")
        boolean enabled();

        /**
         * Which model answers: {@code ollama} (the quarkus-langchain4j Ollama extension, settings under
         * {@code quarkus.langchain4j.ollama.*}), {@code gemini} (Google's Gemini API, {@link #gemini()}) or
         * {@code openai} (any OpenAI-compatible server, {@link #openai()}). Read at start.
         */
        @WithDefault("ollama")
        @Pattern(regexp = "ollama|gemini|openai", message = "must be one of ollama, gemini, openai")
        String provider();

        /** Sampling temperature sent to the Gemini and OpenAI-compatible models (Ollama's is its extension's setting). */
        @WithDefault("0.1")
        double temperature();

        Gemini gemini();

        OpenAi openai();

        /**
         * Longest wait for the model before falling back to the extractive answer, in milliseconds: for a
         * whole answer, for the first piece of a streamed one, and between two pieces of it.
         */
        @WithDefault("20000")
        @Min(100)
        long timeoutMillis();

        /** Characters of each passage put into the prompt (passages are cut beyond this). */
        @WithDefault("2000")
        @Min(100)
        int maxPassageChars();

        /**
         * Longest wait for the model to rewrite a follow-up into a standalone question, in milliseconds; the
         * heuristic rewrite is used after it.
         */
        @WithDefault("5000")
        @Min(100)
        long condenseTimeoutMillis();

        /**
         * The circuit breaker of each kind of model call (whole answers, streamed answers, follow-up
         * rewrites: one breaker each, with these settings); while open, answers are extractive.
         */
        CircuitBreaker circuitBreaker();

        /**
         * Where Ollama listens (read from {@code quarkus.langchain4j.ollama.base-url}); readiness probes it when
         * Ollama is the provider.
         */
        @WithDefault("${quarkus.langchain4j.ollama.base-url}")
        URI baseUrl();

        /**
         * The Ollama model (read from {@code quarkus.langchain4j.ollama.chat-model.model-id}, fixed at build
         * time): what answers name and tokens are counted under when Ollama is the provider.
         */
        @WithDefault("${quarkus.langchain4j.ollama.chat-model.model-id:unknown}")
        String modelId();
    }

    /** Google's Gemini API ({@code rag.chat.llm.provider=gemini}). */
    interface Gemini {

        /** The API key ({@code GOOGLE_API_KEY}, from a secret); required with this provider, never logged. */
        Optional<String> apiKey();

        /** The model, e.g. {@code gemini-2.0-flash}. */
        @WithDefault("gemini-2.0-flash")
        @NotBlank
        String model();

        /** The API's base URL; another one only for a proxy or a test stand-in. */
        @WithDefault("https://generativelanguage.googleapis.com/v1beta")
        @NotBlank
        String baseUrl();
    }

    /** Any server speaking OpenAI's chat completions API ({@code rag.chat.llm.provider=openai}). */
    interface OpenAi {

        /**
         * The API's base URL, up to and including {@code /v1} (e.g. {@code https://api.openai.com/v1},
         * {@code http://127.0.0.1:8000/v1} for vLLM, {@code http://127.0.0.1:1234/v1} for LM Studio); required
         * with this provider.
         */
        Optional<String> baseUrl();

        /** The key sent as {@code Authorization: Bearer}; optional for local servers that ask for none; never logged. */
        Optional<String> apiKey();

        /** The model the server answers with (e.g. {@code gpt-4o-mini}); required with this provider. */
        Optional<String> model();
    }

    /** A circuit breaker's settings (MicroProfile Fault Tolerance's meaning). */
    interface CircuitBreaker {

        /** Calls in the rolling window the failure ratio is computed over. */
        @Min(1)
        int requestVolumeThreshold();

        /** Share of failed calls in the window that opens the circuit. */
        double failureRatio();

        /** How long the circuit stays open before trial calls are let through, in milliseconds. */
        @Min(0)
        long delayMillis();

        /** Successful trial calls that close the circuit again. */
        @Min(1)
        int successThreshold();
    }

    /** Retries of a failed call. */
    interface Retry {

        /** Retries after the first attempt. */
        @WithDefault("1")
        @Min(0)
        int maxRetries();

        /** Wait before a retry, in milliseconds. */
        @WithDefault("150")
        @Min(0)
        long delayMillis();

        /** Random variation of that wait, in milliseconds (either way). */
        @WithDefault("100")
        @Min(0)
        long jitterMillis();
    }

    interface Followups {

        /** How many earlier question/answer turns of the conversation a follow-up is read with. */
        @WithDefault("3")
        @Min(0)
        @Max(20)
        int turns();
    }

    interface Cache {

        /** Keep answers in Redis and serve repeated questions from there. */
        @WithDefault("true")
        boolean enabled();

        /** How long a cached answer lives. */
        @WithDefault("PT1H")
        Duration ttl();

        /** Longest wait for one Redis command of the cache before answering without it. */
        @WithDefault("PT0.5S")
        Duration redisTimeout();

        /**
         * Consume {@code rag:documents:events} (consumer group {@code chat-service}) to invalidate the
         * cache when an owner's documents change.
         */
        @WithDefault("true")
        boolean consumeEvents();

        /** The stream ingest-service publishes document changes to. */
        @WithDefault(DocumentEvent.STREAM)
        String eventsStream();

        /** This service's consumer group on that stream. */
        @WithDefault("chat-service")
        String eventsGroup();

        /**
         * Longest block of one XREADGROUP (also bounds how long shutdown waits for the consumer); shorter
         * than the {@code cache} Redis client's timeout.
         */
        @WithDefault("PT1S")
        Duration eventsBlock();

        /** Entries delivered to a consumer but unacknowledged for this long are taken over (XAUTOCLAIM). */
        @WithDefault("PT1M")
        Duration eventsReclaimIdle();

        /** How often pending entries are checked for being stale. */
        @WithDefault("PT30S")
        Duration eventsReclaimInterval();
    }

    interface Streaming {

        /** Words per {@code token} event when a whole answer (extractive or cached) is streamed. */
        @WithDefault("4")
        @Min(1)
        int wordsPerEvent();
    }

    interface Retrieval {

        /**
         * Longest wait for vector-service's search, in milliseconds: the timeout of {@code VectorClient}'s
         * guard, and the rest client's read timeout (wired in application.properties).
         */
        @WithDefault("5000")
        @Min(100)
        long timeoutMillis();

        /** Retries of a search that failed to connect or timed out (a search is a read: safe to repeat). */
        Retry retry();

        /** The circuit breaker in front of vector-service. */
        CircuitBreaker circuitBreaker();

        /** Where vector-service listens: the REST client's URL, which readiness probes too. */
        @WithDefault("${quarkus.rest-client.vector.url}")
        URI url();
    }

    interface Extractive {

        /** Most sentences put into an extractive answer. */
        @WithDefault("3")
        @Min(1)
        @Max(10)
        int maxSentences();

        /** A sentence is kept only if its score reaches this share of the best sentence's score. */
        @WithDefault("0.6")
        double relativeThreshold();

        /** Longest snippet returned with a citation. */
        @WithDefault("300")
        @Min(50)
        int snippetChars();
    }

    interface Conversations {

        /** Titles are the first question cut to this many characters. */
        @WithDefault("80")
        @Min(10)
        int titleChars();
    }
}
