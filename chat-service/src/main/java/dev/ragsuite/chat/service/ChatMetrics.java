package dev.ragsuite.chat.service;

import dev.ragsuite.chat.AnswerMode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;

/**
 * The meters of answering: {@code rag.chat.retrieval} (timer, by outcome), {@code rag.chat.generation}
 * (timer, by mode) and {@code rag.chat.answers} (counter, by mode). In Prometheus:
 * {@code rag_chat_retrieval_seconds}, {@code rag_chat_generation_seconds}, {@code rag_chat_answers_total}.
 */
@ApplicationScoped
public class ChatMetrics {

    private final MeterRegistry registry;
    private final Timer retrievalOk;
    private final Timer retrievalFailed;
    private final Map<AnswerMode, Timer> generation = new EnumMap<>(AnswerMode.class);
    private final Map<AnswerMode, Counter> answers = new EnumMap<>(AnswerMode.class);

    public ChatMetrics(MeterRegistry registry) {
        this.registry = registry;
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
