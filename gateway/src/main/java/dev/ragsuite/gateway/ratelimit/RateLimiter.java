package dev.ragsuite.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.ragsuite.gateway.config.GatewayConfig;
import io.quarkus.redis.client.RedisClientName;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Rate limits per budget class and caller, shared by every gateway replica: one atomic GCRA Lua
 * script per check (or per set of checks, {@link #checkAll}) on the rate-limit Redis client ({@code quarkus.redis.ratelimit.*}), the same
 * algorithm per instance while Redis is unreachable (see {@link LimiterMode}). A large budget is drawn in
 * blocks and spent by the replica that drew them ({@link Leases}), one script per block.
 */
@Singleton
public class RateLimiter {

    private static final LuaScript SCRIPT = LuaScript.classpath("redis/gcra.lua");
    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private final ReactiveRedisDataSource redis;
    private final LimiterMode mode;
    private final String keyPrefix;
    private final Map<String, Gcra.Rate> rates;
    private final Leases leases;
    /** Per-instance TATs for the fallback; bounded, and an evicted key only errs on the lenient side. */
    private final Cache<String, double[]> local = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();

    public RateLimiter(@RedisClientName("ratelimit") ReactiveRedisDataSource redis, LimiterMode mode, GatewayConfig config) {
        this.redis = redis;
        this.mode = mode;
        this.keyPrefix = config.rateLimit().keyPrefix();
        this.rates = config.rateLimit().classes().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Gcra.Rate.of(e.getValue())));
        this.leases = new Leases(config.rateLimit().lease());
    }

    /**
     * Opens the limiter's Redis connection and caches the scripts before the first request, so a
     * fresh replica does not spend its first checks (and the Redis timeout) on connecting.
     */
    void warmUp(@Observes StartupEvent event) {
        SCRIPT.load(redis)
                .ifNoItem().after(Duration.ofSeconds(5)).fail()
                .subscribe().with(ok -> LOG.debug("Rate-limit script loaded into Redis"),
                        error -> LOG.warnf("Redis for rate limits is not reachable at startup (%s); limits fall back to "
                                + "per instance until it is.", error.toString()));
    }

    /**
     * One budget to look at or draw from: {@code caller} is {@code u:<user id>} or {@code ip:<address>};
     * {@code most} requests drawn at once, as many as fit (a lease), or 0 to only look.
     */
    public record Check(String budgetClass, String caller, int most) {

        public static Check draw(String budgetClass, String caller) {
            return new Check(budgetClass, caller, 1);
        }

        public static Check peek(String budgetClass, String caller) {
            return new Check(budgetClass, caller, 0);
        }

        boolean draw() {
            return most > 0;
        }
    }

    /** Redis' answer for one check: the decision and how many requests it drew. */
    private record Drawn(Decision decision, int requests) {
    }

    /**
     * One request drawn from a budget. A budget large enough for a lease ({@link Leases#block}) is spent from
     * this replica's lease when it holds one, else a block is drawn from Redis and the rest kept.
     *
     * @param budgetClass a configured class (chat, login, uploads, default, …)
     * @param caller {@code u:<user id>} or {@code ip:<address>}
     */
    public Uni<Decision> check(String budgetClass, String caller) {
        Gcra.Rate rate = rate(budgetClass);
        int block = leases.block(rate);
        if (block == 1) {
            return checkAll(List.of(Check.draw(budgetClass, caller))).map(decisions -> decisions.get(0));
        }
        String key = key(budgetClass, caller);
        Decision leased = leases.take(key, System.nanoTime());
        if (leased != null) {
            return Uni.createFrom().item(leased);
        }
        List<Check> checks = List.of(new Check(budgetClass, caller, block));
        List<Gcra.Rate> budgets = List.of(rate);
        return mode.decide(
                () -> shared(List.of(key), budgets, checks).map(d -> leases.keep(key, d.get(0).decision(), d.get(0).requests(), System.nanoTime())),
                () -> perInstance(List.of(key), budgets, checks).get(0));
    }

    /**
     * The request's decision from this replica's lease of the budget, without a Redis call and on the
     * calling thread; null when there is none to spend (then {@link #check}).
     */
    public Decision leased(String budgetClass, String caller) {
        Gcra.Rate rate = rate(budgetClass);
        return leases.block(rate) == 1 ? null : leases.take(key(budgetClass, caller), System.nanoTime());
    }

    /** Whether {@link #check} would allow one more request now, without drawing from the budget. */
    public Uni<Decision> peek(String budgetClass, String caller) {
        return checkAll(List.of(Check.peek(budgetClass, caller))).map(decisions -> decisions.get(0));
    }

    /**
     * Several budgets decided in one step (one Redis round trip): against the same now, and the draws
     * are made only when every check allows, so a request refused by one budget costs nothing from the
     * others. One decision per check, in order. No lease: each draw is one request.
     */
    public Uni<List<Decision>> checkAll(List<Check> checks) {
        List<String> keys = new ArrayList<>(checks.size());
        List<Gcra.Rate> budgets = new ArrayList<>(checks.size());
        for (Check check : checks) {
            keys.add(key(check.budgetClass(), check.caller()));
            budgets.add(rate(check.budgetClass()));
        }
        return mode.decide(() -> shared(keys, budgets, checks).map(drawn -> drawn.stream().map(Drawn::decision).toList()),
                () -> perInstance(keys, budgets, checks));
    }

    private Gcra.Rate rate(String budgetClass) {
        Gcra.Rate rate = rates.get(budgetClass);
        if (rate == null) {
            throw new IllegalArgumentException("unknown rate-limit class " + budgetClass);
        }
        return rate;
    }

    private String key(String budgetClass, String caller) {
        return keyPrefix + budgetClass + ":" + caller;
    }

    private Uni<List<Drawn>> shared(List<String> keys, List<Gcra.Rate> budgets, List<Check> checks) {
        List<String> args = new ArrayList<>(3 * checks.size());
        for (int i = 0; i < checks.size(); i++) {
            // every bit: a large budget's interval is a small fraction of a millisecond (60 µs for 1,000,000 a minute)
            args.add(Double.toString(budgets.get(i).intervalMillis()));
            args.add(Integer.toString(budgets.get(i).burst()));
            args.add(Integer.toString(checks.get(i).most()));
        }
        return SCRIPT.run(redis, keys, args).map(r -> {
            List<Drawn> decisions = new ArrayList<>(checks.size());
            for (int i = 0; i < checks.size(); i++) {
                decisions.add(toDrawn(r, 4 * i, budgets.get(i)));
            }
            return decisions;
        });
    }

    private static Drawn toDrawn(Response r, int at, Gcra.Rate rate) {
        int drawn = r.get(at).toInteger();
        boolean allowed = drawn >= 1;
        return new Drawn(new Decision(allowed, rate.burst(), r.get(at + 1).toInteger(), seconds(r.get(at + 2).toLong()),
                allowed ? 0 : Math.max(1, seconds(r.get(at + 3).toLong())), false), drawn);
    }

    /** The same decision by this instance alone: one lock, so the all-or-nothing draw holds here too (a fallback path). */
    private List<Decision> perInstance(List<String> keys, List<Gcra.Rate> budgets, List<Check> checks) {
        long now = System.currentTimeMillis();
        synchronized (local) {
            List<double[]> tats = new ArrayList<>(keys.size());
            List<Gcra.Step> steps = new ArrayList<>(keys.size());
            boolean allowed = true;
            for (int i = 0; i < keys.size(); i++) {
                double[] tat = local.get(keys.get(i), k -> new double[] {Double.NaN});
                Gcra.Step step = Gcra.step(tat[0], now, budgets.get(i), true);
                tats.add(tat);
                steps.add(step);
                allowed &= step.decision().allowed();
            }
            for (int i = 0; allowed && i < keys.size(); i++) {
                if (checks.get(i).draw()) {
                    tats.get(i)[0] = steps.get(i).newTat();
                }
            }
            return steps.stream().map(Gcra.Step::decision).toList();
        }
    }

    private static long seconds(long millis) {
        return (millis + 999) / 1000;
    }
}
