package dev.ragsuite.chat.metrics;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import dev.ragsuite.chat.Answer;
import dev.ragsuite.chat.AnswerMode;
import dev.ragsuite.chat.answer.llm.LanguageModel;
import dev.ragsuite.chat.answer.llm.LanguageModels;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * The meters of answering: {@code rag.chat.retrieval} (timer, by outcome), {@code rag.chat.generation}
 * (timer, by mode) and {@code rag.chat.answers} (counter, by mode). In Prometheus:
 * {@code rag_chat_retrieval_seconds}, {@code rag_chat_generation_seconds}, {@code rag_chat_answers_total};
 * {@code rag.chat.answer.cache} (counter, by result: hit, miss, error → {@code rag_chat_answer_cache_total}),
 * {@code rag.citation.invalid} (model citation markers removed → {@code rag_citation_invalid_total}) and
 * {@code rag.chat.stream.cut} (streamed model answers cut short mid-way → {@code rag_chat_stream_cut_total});
 * {@code rag.chat.tokens} (tokens the language model read and wrote, by provider, model, type {@code input|output}
 * and call {@code answer|stream|condense}, from each response's token usage → {@code rag_chat_tokens_total});
 * {@code rag.chat.llm.info} (always 1, tagged with the configured {@code provider} and {@code model}:
 * {@code ollama}/{@code ollama:llama3.2}, or {@code none}/{@code extractive} with model answers off →
 * {@code rag_chat_llm_info}).
 */
@ApplicationScoped
public class ChatMetrics {

    private final MeterRegistry registry;
    private final Timer retrievalOk;
    private final Timer retrievalFailed;
    private final Map<AnswerMode, Timer> generation = new EnumMap<>(AnswerMode.class);
    private final Map<AnswerMode, Counter> answers = new EnumMap<>(AnswerMode.class);
    private final Map<String, Counter> cache = new HashMap<>();
    private final Counter invalidCitations;
    private final Counter streamsCut;

    public ChatMetrics(MeterRegistry registry, LanguageModels models) {
        this.registry = registry;
        Gauge.builder("rag.chat.llm.info", () -> 1)
                .description("The language model answers come from (provider none, model extractive: model answers are off)")
                .tag("provider", models.configured().map(m -> m.provider().wire()).orElse("none"))
                .tag("model", models.configured().map(LanguageModel::label).orElse(Answer.EXTRACTIVE_MODEL))
                .register(registry);
        this.retrievalOk = retrievalTimer("success");
        this.retrievalFailed = retrievalTimer("failure");
        for (AnswerMode mode : AnswerMode.values()) {
            generation.put(mode, Timer.builder("rag.chat.generation")
                    .description("Time to produce an answer from the retrieved passages")
                    .tag("mode", mode.wire()).register(registry));
            answers.put(mode, Counter.builder("rag.chat.answers")
                    .description("Answers given")
                    .tag("mode", mode.wire()).register(registry));
        }
        for (String result : new String[] { "hit", "miss", "error" }) {
            cache.put(result, Counter.builder("rag.chat.answer.cache")
                    .description("Answer cache look-ups by result, and cache failures (error)")
                    .tag("result", result).register(registry));
        }
        invalidCitations = Counter.builder("rag.citation.invalid")
                .description("Citation markers in model answers that named no passage given to the model")
                .register(registry);
        streamsCut = Counter.builder("rag.chat.stream.cut")
                .description("Streamed model answers that stopped mid-way and were ended with a note")
                .register(registry);
    }

    /** One cache look-up result ({@code hit}, {@code miss}) or failure ({@code error}). */
    public void cache(String result) {
        cache.get(result).increment();
    }

    public void invalidCitations(int count) {
        if (count > 0) {
            invalidCitations.increment(count);
        }
    }

    /**
     * Counts the tokens of one response of {@code model} ({@code call}: answer, stream or condense), tagged with
     * its provider and the model that answered (the configured one when the response does not say). A
     * response without token usage counts nothing.
     */
    public void tokens(String call, LanguageModel model, ChatResponse response) {
        TokenUsage usage = response == null ? null : response.tokenUsage();
        if (usage == null) {
            return;
        }
        String name = response.modelName() == null || response.modelName().isBlank() ? model.name() : response.modelName();
        String provider = model.provider().wire();
        count(call, provider, name, "input", usage.inputTokenCount());
        count(call, provider, name, "output", usage.outputTokenCount());
    }

    private void count(String call, String provider, String model, String type, Integer tokens) {
        if (tokens != null && tokens > 0) {
            Counter.builder("rag.chat.tokens")
                    .description("Tokens read (input) and written (output) by the language model")
                    .tags("provider", provider, "model", model, "type", type, "call", call)
                    .register(registry).increment(tokens);
        }
    }

    public void streamCut() {
        streamsCut.increment();
    }

    public Timer.Sample start() {
        return Timer.start(registry);
    }

    public void retrievalDone(Timer.Sample sample, boolean ok) {
        sample.stop(ok ? retrievalOk : retrievalFailed);
    }

    public void answered(Timer.Sample generationSample, AnswerMode mode) {
        generationSample.stop(generation.get(mode));
        answers.get(mode).increment();
    }

    private Timer retrievalTimer(String outcome) {
        return Timer.builder("rag.chat.retrieval")
                .description("Time to retrieve passages from vector-service")
                .tag("outcome", outcome).register(registry);
    }
}
