package dev.ragsuite.chat.usage;

import dev.ragsuite.chat.usage.UsageFigures.Admin;
import dev.ragsuite.chat.usage.UsageFigures.Mine;
import dev.ragsuite.chat.usage.UsageFigures.Window;
import dev.ragsuite.common.problem.ProblemException;
import dev.ragsuite.common.usage.QuotaUse;
import dev.ragsuite.common.usage.UsageWindow;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Composes the usage figures: chat-service's own (questions, answers, feedback, citations) with
 * auth-service's (accounts) and ingest-service's (documents), each owner of its schema answering for it.
 * A part that cannot be had makes the whole a 503 problem: figures are never served half-empty, where a
 * missing part would read as zero.
 */
@ApplicationScoped
public class UsageService {

    private static final Logger LOG = Logger.getLogger(UsageService.class);

    private final ChatUsageQueries chat;
    private final UsageClients.Users users;
    private final UsageClients.Documents documents;
    private final Clock clock = Clock.systemUTC();

    public UsageService(ChatUsageQueries chat, @RestClient UsageClients.Users users, @RestClient UsageClients.Documents documents) {
        this.chat = chat;
        this.users = users;
        this.documents = documents;
    }

    public Uni<Admin> everyone(UsageWindow window) {
        LocalDate first = window.firstDay(clock);
        Instant from = window.from(clock);
        LocalDate today = LocalDate.now(clock);
        return Uni.combine().all().unis(
                part("auth-service", users.users(from)),
                part("ingest-service", documents.documents(null, from)),
                chat.questions(first, today, null),
                chat.answers(first, null),
                chat.feedback(first, null),
                chat.mostCited(first, null))
                .with((u, d, q, a, f, c) -> new Admin(new Window(window.days(), first), u, d, q, a, f, c));
    }

    public Uni<Mine> of(String owner, UsageWindow window, String quotaHeader) {
        LocalDate first = window.firstDay(clock);
        LocalDate today = LocalDate.now(clock);
        return Uni.combine().all().unis(
                part("ingest-service", documents.documents(owner, window.from(clock))),
                chat.questions(first, today, owner),
                chat.answers(first, owner),
                chat.feedback(first, owner),
                chat.mostCited(first, owner))
                .with((d, q, a, f, c) -> new Mine(new Window(window.days(), first), d, q, a, f, c,
                        QuotaUse.parse(quotaHeader).orElse(null)));
    }

    private static <T> Uni<T> part(String service, Uni<T> call) {
        return call.onFailure().transform(e -> {
            LOG.warnf("Usage figures: %s did not answer (%s: %s)", service, e.getClass().getSimpleName(), e.getMessage());
            return ProblemException.unavailable("Usage figures cannot be put together right now: " + service
                    + " is unavailable; try again shortly.");
        });
    }
}
