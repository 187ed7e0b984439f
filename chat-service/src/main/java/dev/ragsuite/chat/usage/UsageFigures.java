package dev.ragsuite.chat.usage;

import dev.ragsuite.common.usage.DocumentFigures;
import dev.ragsuite.common.usage.QuotaUse;
import dev.ragsuite.common.usage.UserFigures;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The shapes of {@code GET /api/admin/metrics} and {@code GET /api/me/usage}. */
public final class UsageFigures {

    private UsageFigures() {
    }

    /** Everyone's figures (admins). */
    public record Admin(Window window, UserFigures users, DocumentFigures documents, Questions questions, Answers answers,
            Feedback feedback, List<CitedDocument> mostCited) {
    }

    /**
     * One user's own figures.
     *
     * @param quotas today's use of each daily quota ({@code chat-questions}, {@code upload-bytes}) as the gateway
     *        counts it; null when the request did not come through the gateway
     */
    public record Mine(Window window, DocumentFigures documents, Questions questions, Answers answers, Feedback feedback,
            List<CitedDocument> mostCited, Map<String, QuotaUse> quotas) {
    }

    /** The last {@code days} UTC days, from {@code from} (midnight UTC) to now. */
    public record Window(int days, LocalDate from) {
    }

    /** @param perDay one entry for every day of the window, oldest first, days without questions included */
    public record Questions(long total, List<Day> perDay) {
    }

    public record Day(LocalDate day, long questions) {
    }

    /**
     * @param byMode {@code llm} and {@code extractive} → answers
     * @param latencyMs from a question's arrival to its whole answer, over the window's answers
     */
    public record Answers(long total, Map<String, Long> byMode, Latency latencyMs) {
    }

    /** Percentiles in milliseconds; null when the window has no timed answers. */
    public record Latency(Integer p50, Integer p95) {
    }

    public record Feedback(long up, long down) {
    }

    /** @param answers answers in the window that cite the document */
    public record CitedDocument(UUID documentId, String name, long answers) {
    }
}
