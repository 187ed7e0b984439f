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
 * shared counter (wrapping around at the end): both sides, started from the same position, ask the same
 * questions in the same order. Every latency is kept, so the percentiles are exact
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

    /** Questions handed out from position {@code from} of {@code questions}. */
    ClosedLoop(List<String> questions, long from) {
        if (questions.isEmpty()) {
            throw new IllegalArgumentException("no questions to ask");
        }
        this.questions = List.copyOf(questions);
        this.next = new AtomicLong(from);
    }

    /** The position of the next question to be handed out (a warm-up run moves it on). */
    long position() {
        return next.get();
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
                    String question = questions.get((int) (next.getAndIncrement() % questions.size()));
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
