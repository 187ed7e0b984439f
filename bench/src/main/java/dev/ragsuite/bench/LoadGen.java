package dev.ragsuite.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator of P1 when wrk cannot be installed: {@code connections} threads, each with its
 * own HTTP/1.1 client (one keep-alive connection each, as wrk's connections), sending GET {@code url}
 * back to back for {@code seconds}; every latency is kept, so the percentiles are exact. Slower than
 * wrk per request (it runs on the same cores as what it measures), which is why wrk is preferred.
 */
final class LoadGen {

    /** Requests/s, latency percentiles in ms, requests sent, answers that were not 2xx/3xx, and transport errors. */
    record Result(double rps, double p50Ms, double p99Ms, long requests, long non2xx, long errors) {
    }

    private LoadGen() {
    }

    static Result run(String url, int connections, double seconds) throws InterruptedException {
        URI uri = URI.create(url);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        AtomicLong non2xx = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[connections];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            long[] mine = new long[1 << 16];
            latencies.add(mine);
            int index = c;
            Thread t = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build();
                HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
                long[] own = mine;
                int n = 0;
                do { // at least one request per connection, however late a loaded machine starts the thread
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() >= 400) {
                            non2xx.incrementAndGet();
                        }
                    } catch (IOException e) {
                        errors.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                    if (n == own.length) {
                        own = Arrays.copyOf(own, own.length * 2);
                    }
                    own[n++] = System.nanoTime() - t0;
                } while (System.nanoTime() < end);
                latencies.set(index, own);
                counts[index] = n;
            }, "loadgen-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long total = 0;
        for (int n : counts) {
            total += n;
        }
        long[] all = new long[(int) total];
        int at = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(latencies.get(c), 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        return new Result(total / elapsed, percentileMs(all, 50), percentileMs(all, 99), total, non2xx.get(), errors.get());
    }

    /** Nearest-rank percentile of sorted nanosecond values, in ms (0 when there are none). */
    static double percentileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }
}
