package dev.ragsuite.auth.service;

import dev.ragsuite.auth.config.AuthConfig;
import dev.ragsuite.common.problem.ProblemException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Login throttling in Redis, shared by every replica, per account (the normalised e-mail, hashed,
 * whether or not such an account exists) and per client IP. Failures are counted in a window;
 * reaching the limit locks the account or IP for a back-off that doubles with each lock-out
 * within the strike memory. While locked, the password is not even checked.
 *
 * <p>Keys: {@code rag:auth:throttle:{account|ip}:{fail|strikes|lock}:{id}}. Each step is one Lua
 * script, so concurrent attempts on several replicas count exactly.
 */
@ApplicationScoped
public class LoginThrottle {

    static final String PREFIX = "rag:auth:throttle:";
    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);

    /** Counts a failure; on reaching the limit sets the lock. Returns the lock in ms, 0 if none. */
    private static final String RECORD_FAILURE = """
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            if n < tonumber(ARGV[2]) then return 0 end
            local strikes = redis.call('INCR', KEYS[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[5])
            local ms = math.min(tonumber(ARGV[3]) * 2 ^ math.min(strikes - 1, 30), tonumber(ARGV[4]))
            ms = math.floor(ms)
            redis.call('SET', KEYS[3], '1', 'PX', ms)
            redis.call('DEL', KEYS[1])
            return ms""";

    /** The longer remaining lock of the two keys in ms, 0 if neither is locked. */
    private static final String REMAINING_LOCK = """
            local a = redis.call('PTTL', KEYS[1])
            local b = redis.call('PTTL', KEYS[2])
            return math.max(a, b, 0)""";

    private final ReactiveRedisDataSource redis;
    private final AuthConfig.Throttle config;

    public LoginThrottle(ReactiveRedisDataSource redis, AuthConfig config) {
        this.redis = redis;
        this.config = config.throttle();
    }

    /** How long the account or the IP is still locked; {@link Duration#ZERO} when login may proceed. */
    public Uni<Duration> lockedFor(String normalisedEmail, String ip) {
        return redis.execute("EVAL", REMAINING_LOCK, "2",
                        key("account", "lock", accountId(normalisedEmail)), key("ip", "lock", ipId(ip)))
                .map(r -> Duration.ofMillis(r.toLong()))
                .onFailure().transform(LoginThrottle::unavailable);
    }

    /** Counts a failed login against both; returns the lock it caused ({@link Duration#ZERO} if none). */
    public Uni<Duration> recordFailure(String normalisedEmail, String ip) {
        Uni<Long> account = record("account", accountId(normalisedEmail), config.account());
        Uni<Long> byIp = record("ip", ipId(ip), config.ip());
        return Uni.combine().all().unis(account, byIp).asTuple()
                .map(t -> Duration.ofMillis(Math.max(t.getItem1(), t.getItem2())));
    }

    /** A successful login clears the account's failures and back-off (not the IP's). */
    public Uni<Void> recordSuccess(String normalisedEmail) {
        String id = accountId(normalisedEmail);
        return redis.key().del(key("account", "fail", id), key("account", "strikes", id)).replaceWithVoid()
                .onFailure().transform(LoginThrottle::unavailable);
    }

    private Uni<Long> record(String kind, String id, AuthConfig.Throttle.Limit limit) {
        List<String> args = List.of(
                key(kind, "fail", id), key(kind, "strikes", id), key(kind, "lock", id),
                Long.toString(limit.window().toMillis()),
                Integer.toString(limit.maxFailures()),
                Long.toString(limit.lockout().toMillis()),
                Long.toString(limit.maxLockout().toMillis()),
                Long.toString(config.strikeMemory().toMillis()));
        String[] command = new String[2 + args.size()];
        command[0] = RECORD_FAILURE;
        command[1] = "3";
        for (int i = 0; i < args.size(); i++) {
            command[i + 2] = args.get(i);
        }
        return redis.execute("EVAL", command).map(r -> r.toLong())
                .onFailure().transform(LoginThrottle::unavailable);
    }

    /** Fails closed: without the shared counters no login is checked at all (503, not 500). */
    private static Throwable unavailable(Throwable e) {
        if (e instanceof ProblemException) {
            return e;
        }
        LOG.warnf("Login throttle store (Redis) failed: %s", e.toString());
        return ProblemException.unavailable("Logins are unavailable for a moment; try again shortly.");
    }

    static String key(String kind, String part, String id) {
        return PREFIX + kind + ":" + part + ":" + id;
    }

    /** E-mails are hashed so the keys do not list addresses people tried. */
    static String accountId(String normalisedEmail) {
        return RandomSecrets.sha256Hex(normalisedEmail);
    }

    static String ipId(String ip) {
        return ip == null || ip.isBlank() ? "unknown" : ip;
    }
}
