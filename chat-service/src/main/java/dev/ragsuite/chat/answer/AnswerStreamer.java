package dev.ragsuite.chat.answer;

import dev.ragsuite.chat.Answer;
import dev.ragsuite.chat.AnswerMode;
import dev.ragsuite.chat.Citation;
import dev.ragsuite.chat.answer.extractive.ExtractiveAnswerer;
import dev.ragsuite.chat.answer.llm.CitationFilter;
import dev.ragsuite.chat.answer.llm.LlmAnswerer;
import dev.ragsuite.chat.config.ChatConfig;
import dev.ragsuite.chat.metrics.ChatMetrics;
import dev.ragsuite.vector.api.SearchHit;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * The pieces of a streamed answer, and what they add up to. Each answer is a {@link Draft} that records
 * what was sent, how it was made (mode, citations) and whether it may be cached; {@link ChatService}
 * stores exactly that once the pieces are out.
 *
 * <ul>
 * <li>A finished answer (cached, extractive, "not found") is sent a few words at a time
 * ({@code rag.chat.streaming.words-per-event}); the pieces add up to exactly its text.</li>
 * <li>A model answer: every piece passes {@link CitationFilter} before it is sent. When the model fails
 * before anything was sent (error, no first piece within the timeout, open circuit, nothing but invalid
 * markers), the extractive answer is streamed instead, with mode {@code extractive}. When it fails after
 * text was sent (an error, or no next piece within {@code rag.chat.llm.timeout-millis}), the answer ends
 * with what was sent plus {@value #CUT_NOTE}, keeps mode {@code llm}, is counted
 * ({@code rag.chat.stream.cut}) and is not cached.</li>
 * </ul>
 */
@ApplicationScoped
public class AnswerStreamer {

    /** Appended to a streamed model answer that stopped mid-way (it has no citation marker, so it is safe). */
    public static final String CUT_NOTE = "(The answer was cut short: the language model stopped responding.)";

    private static final Logger LOG = Logger.getLogger(AnswerStreamer.class);
    private static final Pattern WORD = Pattern.compile("\\s*\\S+\\s*");

    private final ExtractiveAnswerer extractive;
    private final LlmAnswerer llm;
    private final ChatMetrics metrics;
    private final ChatConfig config;

    public AnswerStreamer(ExtractiveAnswerer extractive, LlmAnswerer llm, ChatMetrics metrics, ChatConfig config) {
        this.extractive = extractive;
        this.llm = llm;
        this.metrics = metrics;
        this.config = config;
    }

    /** A streamed answer in the making: what was sent so far, and how it was made. */
    public static final class Draft {
        private final StringBuilder text = new StringBuilder();
        private volatile AnswerMode mode = AnswerMode.EXTRACTIVE;
        private volatile String model = Answer.EXTRACTIVE_MODEL;
        private volatile Supplier<List<Citation>> citations = List::of;
        private volatile boolean cut;
        /** Times the generation; null for a cached answer. */
        private final Timer.Sample generation;

        private Draft(Timer.Sample generation) {
            this.generation = generation;
        }

        /** False for a model answer that was cut short: it is stored as sent, but never cached. */
        public boolean cacheable() {
            return !cut;
        }
    }

    /** A draft for an answer generated now: its generation is timed from here. */
    public Draft draft() {
        return new Draft(metrics.start());
    }

    /** A draft for an answer replayed from the cache. */
    public Draft replay() {
        return new Draft(null);
    }

    /** The pieces of the answer to the question from these passages: model, extractive or "not found". */
    public Multi<String> tokens(Draft draft, String question, List<SearchHit> hits) {
        if (hits.isEmpty()) {
            return whole(draft, Answer.notFound());
        }
        if (config.llm().enabled()) {
            return modelTokens(draft, question, hits);
        }
        return extractiveFallback(draft, question, hits);
    }

    /** A finished answer sent a few words at a time; the pieces add up to exactly its text. */
    public Multi<String> whole(Draft draft, Answer answer) {
        draft.mode = answer.mode();
        draft.model = answer.model();
        draft.citations = answer::citations;
        return sent(draft, Multi.createFrom().iterable(wordGroups(answer.text(), config.streaming().wordsPerEvent())));
    }

    /** What was streamed, as the answer to store; a generated answer is counted and timed here. */
    public Answer finish(Draft draft) {
        Answer answer = new Answer(draft.text.toString(), draft.mode, draft.citations.get(), draft.model);
        if (draft.generation != null) {
            metrics.answered(draft.generation, answer.mode());
        }
        return answer;
    }

    private Multi<String> modelTokens(Draft draft, String question, List<SearchHit> hits) {
        CitationFilter filter = new CitationFilter(hits.size());
        Duration idle = Duration.ofMillis(config.llm().timeoutMillis());
        Multi<String> raw = llm.openStream(question, hits).onItem().transformToMulti(stream -> {
            draft.model = stream.model();
            return Multi.createBy().concatenating().streams(Multi.createFrom().item(stream.first()),
                    stream.rest().ifNoItem().after(idle)
                            .failWith(() -> new TimeoutException("no piece of the answer for " + idle.toMillis() + " ms")));
        });
        Multi<String> checked = Multi.createBy().concatenating()
                .streams(raw.map(filter::accept), Multi.createFrom().item(filter::finish))
                .onSubscription().invoke(() -> {
                    draft.mode = AnswerMode.LLM;
                    draft.citations = () -> llm.citations(question, filter.cited(), hits);
                })
                .onTermination().invoke(() -> metrics.invalidCitations(filter.invalid()));
        return sent(draft, checked)
                // nothing valid at all (say, only invalid markers): as if the model had failed to start
                .onCompletion().ifEmpty().switchTo(() -> extractiveFallback(draft, question, hits))
                .onFailure().recoverWithMulti(e -> {
                    if (draft.text.isEmpty()) {
                        return extractiveFallback(draft, question, hits);
                    }
                    LOG.warnf("The language model stopped mid-answer (%s: %s); ending the answer with a note",
                            e.getClass().getSimpleName(), e.getMessage());
                    metrics.streamCut();
                    draft.cut = true;
                    return sent(draft, Multi.createFrom().item(" " + CUT_NOTE));
                });
    }

    /** The extractive answer from the same passages, streamed (also what a failing model falls back to). */
    private Multi<String> extractiveFallback(Draft draft, String question, List<SearchHit> hits) {
        return extractive.answerOffLoop(question, hits).onItem().transformToMulti(a -> whole(draft, a));
    }

    /** Drops empty pieces and records the rest as sent. */
    private static Multi<String> sent(Draft draft, Multi<String> pieces) {
        return pieces.filter(piece -> !piece.isEmpty()).invoke(draft.text::append);
    }

    /** Pieces of {@code n} words (with the blanks around them), which concatenated give back the text exactly. */
    static List<String> wordGroups(String text, int n) {
        List<String> groups = new ArrayList<>();
        Matcher words = WORD.matcher(text);
        StringBuilder group = new StringBuilder();
        int count = 0;
        int end = 0;
        while (words.find()) {
            group.append(words.group());
            end = words.end();
            if (++count == n) {
                groups.add(group.toString());
                group.setLength(0);
                count = 0;
            }
        }
        group.append(text, end, text.length()); // blanks-only text
        if (!group.isEmpty()) {
            groups.add(group.toString());
        }
        return groups;
    }
}
