package dev.ragsuite.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop load of {@code users} concurrent users, each asking its next question as soon as the
 * last one was answered, for a fixed time; used by P4 for both sides (the chat through the gateway and
 * the floor), so both are driven the same way. The questions are handed out in list order from one
 * shared counter: both sides, started from the same position, ask the same questions in the same order.
 * No text is asked twice, so a cache keyed by the text (vector-service's embedding cache) never answers
 * in place of the work: past the end of the list the questions come round again marked with their round,
 * and a loop with a {@code marker} (the warm-up) marks every question, so it never asks what the measured
 * run will. Every latency is kept, so the percentiles are exact
 * ({@link LoadGen#percentileMs}). A failed question (an exception from {@link Ask#ask}) is counted, not
 * timed, and the first failure is kept to be reported.
 */
final class ClosedLoop {

    /** One question of user {@code user} (0-based); throws when it was not answered. */
    @FunctionalInterface
    interface Ask {
        void ask(int user, String question) throws Exception;
    }

    /**
     * What one run measured: answers/s over the run, latency percentiles of the answers in ms, answers,
     * failures and the first failure's message (null when none), the run's length and how many questions
     * were handed out (more than the list holds: some were asked again).
     */
    record Result(double rps, double p50Ms, double p99Ms, long answers, long failures, String firstFailure, double seconds,
            long asked) {
    }

    private final List<String> questions;
    private final AtomicLong next;
    private final String marker;

    /** Questions handed out from position {@code from} of {@code questions}, unmarked in their first round. */
    ClosedLoop(List<String> questions, long from) {
        this(questions, from, null);
    }

    /** The same, every question marked with {@code marker} (null: none) and, past the first round, its round. */
    ClosedLoop(List<String> questions, long from, String marker) {
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("no questions to ask");
        }
        this.questions = List.copyOf(questions);
        this.next = new AtomicLong(from);
        this.marker = marker;
    }

    /** The text of the {@code position}th question handed out (0-based). */
    String question(long position) {
        String question = questions.get((int) (position % questions.size()));
        long round = position / questions.size() + 1;
        if (marker == null && round == 1) {
            return question;
        }
        return question + " (" + (marker == null ? "" : marker + ", ") + "round " + round + ")";
    }

    /** The position of the next question to be handed out (a warm-up run moves it on). */
    long position() {
        return next.get();
    }

    /**
     * What a warm-up did: how long it ran, the answers/s of each of its windows, and whether it ended because
     * the rate had stopped rising (rather than at its time limit).
     */
    record WarmUp(double seconds, List<Double> windowRps, boolean steady) {
    }

    /** Windows a warm-up compares: the last {@value} against the {@value} before them. */
    static final int STEADY_WINDOWS = 3;
    /** Steady when the last windows' mean answers/s is at most this much above the mean of those before. */
    static final double STEADY_GROWTH = 0.05;

    /**
     * Runs the load in windows of {@code window} seconds until the answers/s have stopped rising (the mean of
     * the last {@value #STEADY_WINDOWS} windows within {@value #STEADY_GROWTH} of the mean of the
     * {@value #STEADY_WINDOWS} before: three JVMs on two cores take minutes to compile what a load runs, and
     * the figure is meant for the warm suite), at least {@code minSeconds} and at most {@code maxSeconds}.
     */
    WarmUp warmUntilSteady(int users, double minSeconds, double maxSeconds, double window, Ask ask) throws InterruptedException {
        List<Double> rates = new ArrayList<>();
        long start = System.nanoTime();
        while (true) {
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (elapsed >= maxSeconds) {
                return new WarmUp(elapsed, List.copyOf(rates), false);
            }
            if (elapsed >= minSeconds && steady(rates)) {
                return new WarmUp(elapsed, List.copyOf(rates), true);
            }
            rates.add(run(users, Math.min(window, Math.max(0.001, maxSeconds - elapsed)), ask).rps());
        }
    }

    /** Whether the rates have stopped rising (see {@link #warmUntilSteady}). */
    static boolean steady(List<Double> rates) {
        int n = rates.size();
        if (n < 2 * STEADY_WINDOWS) {
            return false;
        }
        double last = rates.subList(n - STEADY_WINDOWS, n).stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double before = rates.subList(n - 2 * STEADY_WINDOWS, n - STEADY_WINDOWS).stream().mapToDouble(Double::doubleValue)
                .average().orElse(0);
        return last <= before * (1 + STEADY_GROWTH);
    }

    Result run(int users, double seconds, Ask ask) throws InterruptedException {
        AtomicLong failures = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long[][] latencies = new long[users][];
        int[] counts = new int[users];
        List<Thread> threads = new ArrayList<>();
        long askedBefore = next.get();
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        for (int u = 0; u < users; u++) {
            int user = u;
            Thread t = new Thread(() -> {
                long[] own = new long[1024];
                int n = 0;
                while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                    String question = question(next.getAndIncrement());
                    long t0 = System.nanoTime();
                    try {
                        ask.ask(user, question);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    } catch (Exception e) {
                        failures.incrementAndGet();
                        firstFailure.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                        continue;
                    }
                    if (n == own.length) {
                        own = Arrays.copyOf(own, own.length * 2);
                    }
                    own[n++] = System.nanoTime() - t0;
                }
                latencies[user] = own;
                counts[user] = n;
            }, "closed-loop-" + u);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int u = 0; u < users; u++) {
            System.arraycopy(latencies[u], 0, all, at, counts[u]);
            at += counts[u];
        }
        Arrays.sort(all);
        return new Result(total / elapsed, LoadGen.percentileMs(all, 50), LoadGen.percentileMs(all, 99), total, failures.get(),
                firstFailure.get(), elapsed, next.get() - askedBefore);
    }
}
