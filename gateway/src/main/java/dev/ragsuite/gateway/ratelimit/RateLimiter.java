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
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Rate limits per budget class and caller, shared by every gateway replica: one atomic GCRA Lua
 * script per check (or per set of checks, {@link #checkAll}) on the rate-limit Redis client ({@code quarkus.redis.ratelimit.*}), the same
 * algorithm per instance while Redis is unreachable (see {@link LimiterMode}).
 */
@Singleton
public class RateLimiter {

    private static final LuaScript SCRIPT = LuaScript.classpath("redis/gcra.lua");
    private static final Logger LOG = Logger.getLogger(RateLimiter.class);

    private final ReactiveRedisDataSource redis;
    private final LimiterMode mode;
    private final String keyPrefix;
    private final Map<String, Gcra.Rate> rates;
    /** Per-instance TATs for the fallback; bounded, and an evicted key only errs on the lenient side. */
    private final Cache<String, double[]> local = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterAccess(Duration.ofHours(1)).build();

    public RateLimiter(@RedisClientName("ratelimit") ReactiveRedisDataSource redis, LimiterMode mode, GatewayConfig config) {
        this.redis = redis;
        this.mode = mode;
        this.keyPrefix = config.rateLimit().keyPrefix();
        this.rates = config.rateLimit().classes().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> Gcra.Rate.of(e.getValue())));
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

    /** One budget to look at or draw from: {@code caller} is {@code u:<user id>} or {@code ip:<address>}. */
    public record Check(String budgetClass, String caller, boolean draw) {

        public static Check draw(String budgetClass, String caller) {
            return new Check(budgetClass, caller, true);
        }

        public static Check peek(String budgetClass, String caller) {
            return new Check(budgetClass, caller, false);
        }
    }

    /**
     * @param budgetClass a configured class (chat, login, uploads, default, …)
     * @param caller {@code u:<user id>} or {@code ip:<address>}
     */
    public Uni<Decision> check(String budgetClass, String caller) {
        return checkAll(List.of(Check.draw(budgetClass, caller))).map(decisions -> decisions.get(0));
    }

    /** Whether {@link #check} would allow one more request now, without drawing from the budget. */
    public Uni<Decision> peek(String budgetClass, String caller) {
        return checkAll(List.of(Check.peek(budgetClass, caller))).map(decisions -> decisions.get(0));
    }

    /**
     * Several budgets decided in one step (one Redis round trip): against the same now, and the draws
     * are made only when every check allows, so a request refused by one budget costs nothing from the
     * others. One decision per check, in order.
     */
    public Uni<List<Decision>> checkAll(List<Check> checks) {
        List<String> keys = new ArrayList<>(checks.size());
        List<Gcra.Rate> budgets = new ArrayList<>(checks.size());
        for (Check check : checks) {
            Gcra.Rate rate = rates.get(check.budgetClass());
            if (rate == null) {
                throw new IllegalArgumentException("unknown rate-limit class " + check.budgetClass());
            }
            keys.add(keyPrefix + check.budgetClass() + ":" + check.caller());
            budgets.add(rate);
        }
        return mode.decide(() -> shared(keys, budgets, checks), () -> perInstance(keys, budgets, checks));
    }

    private Uni<List<Decision>> shared(List<String> keys, List<Gcra.Rate> budgets, List<Check> checks) {
        List<String> args = new ArrayList<>(3 * checks.size());
        for (int i = 0; i < checks.size(); i++) {
            args.add(String.format(Locale.ROOT, "%.3f", budgets.get(i).intervalMillis()));
            args.add(Integer.toString(budgets.get(i).burst()));
            args.add(checks.get(i).draw() ? "0" : "1");
        }
        return SCRIPT.run(redis, keys, args).map(r -> {
            List<Decision> decisions = new ArrayList<>(checks.size());
            for (int i = 0; i < checks.size(); i++) {
                decisions.add(toDecision(r, 4 * i, budgets.get(i)));
            }
            return decisions;
        });
    }

    private static Decision toDecision(Response r, int at, Gcra.Rate rate) {
        boolean allowed = r.get(at).toLong() == 1;
        return new Decision(allowed, rate.burst(), r.get(at + 1).toInteger(), seconds(r.get(at + 2).toLong()),
                allowed ? 0 : Math.max(1, seconds(r.get(at + 3).toLong())), false);
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
