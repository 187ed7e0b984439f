package dev.ragsuite.ingest.clickup;

import dev.ragsuite.ingest.config.IngestConfig;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The connector's one way to ClickUp. Every call has a timeout; a transient failure (timeout,
 * connection error, 5xx) is retried with a doubling delay; ClickUp's rate limits are honoured (a
 * token whose window is used up waits for {@code X-RateLimit-Reset}; a 429 waits for
 * {@code Retry-After} or the reset, up to {@code rag.ingest.clickup.max-rate-limit-wait}); a refused
 * token (401) fails at once as {@link ClickUpException.Kind#UNAUTHORIZED}, never retried. Lists
 * are read to their end (tasks page by page until {@code last_page}, comments 25 at a time).
 * The token is passed per call and never logged.
 */
@ApplicationScoped
public class ClickUpClient {

    private static final Logger LOG = Logger.getLogger(ClickUpClient.class);
    /** ClickUp returns at most 25 comments per call, newest first. */
    static final int COMMENTS_PER_PAGE = 25;
    /** A bound on pages of one list, so a server that never says last_page cannot loop us forever. */
    static final int MAX_PAGES = 10_000;

    private final ClickUpApi api;
    private final Settings config;
    private final RateLimits limits = new RateLimits();
    private final Clock clock;

    @jakarta.inject.Inject
    public ClickUpClient(@RestClient ClickUpApi api, IngestConfig config) {
        this(api, Settings.of(config.clickup()), Clock.systemUTC());
    }

    /** The bounds of every call ({@link IngestConfig.ClickUp}). */
    record Settings(Duration timeout, int maxRetries, Duration retryDelay, Duration maxRateLimitWait, int maxRateLimitRetries) {
        static Settings of(IngestConfig.ClickUp c) {
            return new Settings(c.timeout(), c.maxRetries(), c.retryDelay(), c.maxRateLimitWait(), c.maxRateLimitRetries());
        }
    }

    ClickUpClient(ClickUpApi api, Settings config, Clock clock) {
        this.api = api;
        this.config = config;
        this.clock = clock;
    }

    /** The token's owner ({@code GET /v2/user}); also how a token is checked. */
    public Uni<ClickUp.User> user(String token) {
        return call(token, "user", () -> api.user(token)).map(ClickUp.UserAnswer::user);
    }

    /** The workspaces the token can reach ({@code GET /v2/team}). */
    public Uni<List<ClickUp.Team>> workspaces(String token) {
        return call(token, "workspaces", () -> api.teams(token)).map(a -> orEmpty(a.teams()));
    }

    public Uni<List<ClickUp.Space>> spaces(String token, String workspaceId) {
        return call(token, "spaces", () -> api.spaces(token, workspaceId, false)).map(a -> orEmpty(a.spaces()));
    }

    /** Every list of a space: those in its folders and the folderless ones. */
    public Uni<List<ClickUp.ListRef>> listsOfSpace(String token, String spaceId) {
        Uni<List<ClickUp.ListRef>> inFolders = call(token, "folders", () -> api.folders(token, spaceId, false))
                .map(a -> orEmpty(a.folders()).stream().flatMap(f -> orEmpty(f.lists()).stream()).toList());
        Uni<List<ClickUp.ListRef>> folderless = call(token, "lists", () -> api.folderlessLists(token, spaceId, false))
                .map(a -> orEmpty(a.lists()));
        return inFolders.chain(a -> folderless.map(b -> {
            List<ClickUp.ListRef> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }));
    }

    /**
     * The list ids a connection's scope covers: the given lists, else every list of the given
     * spaces, else every list of every space of the workspace.
     */
    public Uni<List<String>> listIdsInScope(String token, String workspaceId, List<String> spaceIds, List<String> listIds) {
        if (!listIds.isEmpty()) {
            return Uni.createFrom().item(listIds);
        }
        Uni<List<String>> spaces = spaceIds.isEmpty()
                ? spaces(token, workspaceId).map(s -> s.stream().map(ClickUp.Space::id).toList())
                : Uni.createFrom().item(spaceIds);
        return spaces.chain(ids -> collect(ids, id -> listsOfSpace(token, id)))
                .map(lists -> new ArrayList<>(new LinkedHashSet<>(lists.stream().map(ClickUp.ListRef::id).toList())));
    }

    /**
     * Every task of a list, closed ones and subtasks included, page by page to the last
     * ({@code page}, {@code last_page}); with {@code updatedAfter}, only tasks updated after it
     * ({@code date_updated_gt}).
     */
    public Uni<List<ClickUp.Task>> tasks(String token, String listId, Optional<Instant> updatedAfter) {
        Long since = updatedAfter.map(Instant::toEpochMilli).orElse(null);
        List<ClickUp.Task> all = new ArrayList<>();
        return taskPage(token, listId, since, 0, all);
    }

    private Uni<List<ClickUp.Task>> taskPage(String token, String listId, Long since, int page, List<ClickUp.Task> all) {
        return call(token, "tasks", () -> api.tasks(token, listId, page, true, true, false, since)).chain(answer -> {
            List<ClickUp.Task> tasks = orEmpty(answer.tasks());
            all.addAll(tasks);
            boolean last = Boolean.TRUE.equals(answer.lastPage()) || tasks.isEmpty();
            if (last) {
                return Uni.createFrom().item(all);
            }
            if (page + 1 >= MAX_PAGES) {
                return Uni.createFrom().failure(ClickUpException.unavailable(
                        "ClickUp list " + listId + " did not end after " + MAX_PAGES + " pages"));
            }
            return taskPage(token, listId, since, page + 1, all);
        });
    }

    /** Every comment of a task, oldest first (ClickUp pages them 25 at a time, newest first, by {@code start}/{@code start_id}). */
    public Uni<List<ClickUp.Comment>> comments(String token, String taskId) {
        return commentPage(token, taskId, null, null, new ArrayList<>(), 0)
                .map(newestFirst -> {
                    List<ClickUp.Comment> oldestFirst = new ArrayList<>(newestFirst);
                    java.util.Collections.reverse(oldestFirst);
                    return oldestFirst;
                });
    }

    private Uni<List<ClickUp.Comment>> commentPage(String token, String taskId, Long start, String startId,
            List<ClickUp.Comment> all, int page) {
        return call(token, "comments", () -> api.comments(token, taskId, start, startId)).chain(answer -> {
            Set<String> seen = new java.util.HashSet<>(all.stream().map(ClickUp.Comment::id).toList());
            List<ClickUp.Comment> fresh = orEmpty(answer.comments()).stream().filter(c -> seen.add(c.id())).toList();
            all.addAll(fresh);
            if (orEmpty(answer.comments()).size() < COMMENTS_PER_PAGE || fresh.isEmpty() || page + 1 >= MAX_PAGES) {
                return Uni.createFrom().item(all);
            }
            ClickUp.Comment oldest = fresh.get(fresh.size() - 1);
            Long next = oldest.date() == null ? null : Long.valueOf(oldest.date());
            return commentPage(token, taskId, next, oldest.id(), all, page + 1);
        });
    }

    /** One call with its timeout, rate-limit waits and retries. */
    <T> Uni<T> call(String token, String what, Supplier<Uni<RestResponse<T>>> request) {
        String fingerprint = fingerprint(token);
        return attempt(fingerprint, what, request, 0, 0);
    }

    private <T> Uni<T> attempt(String fingerprint, String what, Supplier<Uni<RestResponse<T>>> request,
            int retries, int rateLimitWaits) {
        Duration pause = limits.waitFor(fingerprint, clock.instant());
        if (pause.compareTo(config.maxRateLimitWait()) > 0) {
            return Uni.createFrom().failure(ClickUpException.rateLimited(
                    "ClickUp's rate limit for this token resets in " + pause.toSeconds() + " s; try again later"));
        }
        Uni<Void> waited = pause.isZero() ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(pause);
        return waited
                .chain(() -> request.get())
                .ifNoItem().after(config.timeout()).failWith(() -> ClickUpException.unavailable(
                        "ClickUp did not answer the " + what + " call within " + config.timeout().toMillis() + " ms"))
                .onFailure().transform(ClickUpClient::classify)
                .invoke((RestResponse<T> response) -> limits.observe(fingerprint, response::getHeaderString))
                .map(RestResponse::getEntity)
                .onFailure(ClickUpException.class).recoverWithUni(failure -> {
                    ClickUpException e = (ClickUpException) failure;
                    if (e.kind() == ClickUpException.Kind.RATE_LIMITED && rateLimitWaits < config.maxRateLimitRetries()) {
                        Duration wait = e.retryAfter().orElseGet(() -> e.rateLimitReset()
                                .map(at -> Duration.between(clock.instant(), at)).orElse(Duration.ofSeconds(1)));
                        wait = wait.isNegative() || wait.isZero() ? Duration.ofMillis(100) : wait;
                        if (wait.compareTo(config.maxRateLimitWait()) <= 0) {
                            LOG.infof("ClickUp rate limit reached on a %s call; waiting %d ms", what, wait.toMillis());
                            limits.pause(fingerprint, clock.instant().plus(wait));
                            return attempt(fingerprint, what, request, retries, rateLimitWaits + 1);
                        }
                    }
                    if (e.transientFailure() && retries < config.maxRetries()) {
                        Duration delay = config.retryDelay().multipliedBy(1L << Math.min(retries, 10));
                        LOG.infof("ClickUp %s call failed (%s); retry %d of %d in %d ms", what, e.getMessage(), retries + 1,
                                config.maxRetries(), delay.toMillis());
                        return Uni.createFrom().voidItem().onItem().delayIt().by(delay)
                                .chain(() -> attempt(fingerprint, what, request, retries + 1, rateLimitWaits));
                    }
                    return Uni.createFrom().failure(e);
                });
    }

    /** Anything that is not already a ClickUp answer (connection refused, reset, timeout) is a transient failure. */
    private static Throwable classify(Throwable failure) {
        if (failure instanceof ClickUpException) {
            return failure;
        }
        Throwable cause = failure;
        while (cause.getCause() != null && !(cause instanceof ClickUpException)) {
            cause = cause.getCause();
        }
        if (cause instanceof ClickUpException) {
            return cause;
        }
        return ClickUpException.unavailable("ClickUp could not be reached: " + cause.getClass().getSimpleName());
    }

    private static <T, R> Uni<List<R>> collect(List<T> items, java.util.function.Function<T, Uni<List<R>>> each) {
        Uni<List<R>> all = Uni.createFrom().item(new ArrayList<>());
        for (T item : items) {
            all = all.chain(acc -> each.apply(item).map(more -> {
                acc.addAll(more);
                return acc;
            }));
        }
        return all;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    /** A stable, non-reversible name for a token (rate-limit bookkeeping). */
    static String fingerprint(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
