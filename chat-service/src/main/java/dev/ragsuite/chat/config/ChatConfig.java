package dev.ragsuite.chat.config;


import dev.ragsuite.streams.DocumentEvent;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;

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
         * Answer with the Ollama chat model. On only when the launcher sets {@code RAG_LLM_ENABLED=true},
         * which it does when {@code OLLAMA_BASE_URL} is set; otherwise every answer is extractive.
         */
        @WithDefault("false")
        boolean enabled();

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

        /** Where Ollama listens (read from {@code quarkus.langchain4j.ollama.base-url}); readiness probes it. */
        @WithDefault("${quarkus.langchain4j.ollama.base-url}")
        URI baseUrl();

        /**
         * The model answers are counted under when a response does not name one (read from
         * {@code quarkus.langchain4j.ollama.chat-model.model-id}, fixed at build time).
         */
        @WithDefault("${quarkus.langchain4j.ollama.chat-model.model-id:unknown}")
        String modelId();
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
