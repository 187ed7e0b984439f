package dev.ragsuite.auth.throttle;

import dev.ragsuite.auth.config.AuthConfig;
import dev.ragsuite.auth.secret.RandomSecrets;
import dev.ragsuite.common.problem.ProblemException;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Login throttling in Redis, shared by every replica. Three counters, each in a fixed window:
 *
 * <ul>
 * <li><b>account and client address</b> ({@code pair}): reaching the limit locks that address out
 * of that account (even the right password is refused) for a back-off that doubles with each
 * lock-out within the strike memory. Someone guessing at a known address (the first admin's, say)
 * locks only themselves out, not the owner at their own address.</li>
 * <li><b>client address</b> ({@code ip}), across accounts: the same kind of lock, for one address
 * trying many accounts.</li>
 * <li><b>account</b>, across addresses: a brake, never a lock. Past its limit, the account gets one
 * password check per {@code pace} from anywhere, so guesses from many addresses slow to a trickle
 * while the owner, from a clean address, still gets in (at worst after a wait of one pace).</li>
 * </ul>
 *
 * <p>Every attempt first <em>reserves</em> its place in one Lua script (locks checked and all three
 * counters raised atomically), and only a reserved attempt gets its password checked; the outcome
 * then settles the reservation (a failure may set locks, a success refunds it). Concurrent guesses on
 * several replicas therefore get at most the limit of password checks. Accounts are counted under
 * the SHA-256 of the normalised e-mail, whether or not such an account exists.
 *
 * <p>Keys: {@code rag:auth:throttle:{pair|ip|account}:{fail|strikes|lock|pace}:{id}}.
 */
@ApplicationScoped
public class LoginThrottle {

    static final String PREFIX = "rag:auth:throttle:";
    private static final Logger LOG = Logger.getLogger(LoginThrottle.class);
    /** Retry-After for an attempt refused because others hold the last reservations (no lock yet). */
    private static final long PENDING_RETRY_MS = 1000;

    /**
     * KEYS: pair fail, pair lock, ip fail, ip lock, account fail, account pace.
     * ARGV: pair window, pair max, ip window, ip max, account window, account max, pace (ms), pending retry (ms).
     * Returns 0 when the attempt may check its password, else how long to wait in ms.
     */
    private static final String RESERVE = """
            local lock = math.max(redis.call('PTTL', KEYS[2]), redis.call('PTTL', KEYS[4]), 0)
            if lock > 0 then return lock end
            local function take(key, window)
              local n = redis.call('INCR', key)
              if n == 1 then redis.call('PEXPIRE', key, window) end
              return n
            end
            local p = take(KEYS[1], ARGV[1])
            local i = take(KEYS[3], ARGV[3])
            local a = take(KEYS[5], ARGV[5])
            local ok = p <= tonumber(ARGV[2]) and i <= tonumber(ARGV[4])
            if ok and a > tonumber(ARGV[6]) then
              ok = redis.call('SET', KEYS[6], '1', 'NX', 'PX', ARGV[7]) ~= false
            end
            if ok then return 0 end
            redis.call('DECR', KEYS[1])
            redis.call('DECR', KEYS[3])
            redis.call('DECR', KEYS[5])
            local wait = math.max(redis.call('PTTL', KEYS[2]), redis.call('PTTL', KEYS[4]), redis.call('PTTL', KEYS[6]), 0)
            if wait == 0 then wait = tonumber(ARGV[8]) end
            return wait""";

    /**
     * A reserved attempt failed. KEYS: pair fail, strikes, lock, ip fail, strikes, lock.
     * ARGV: pair max, lockout, max lockout, ip max, lockout, max lockout, strike memory (ms).
     * Returns the lock it set in ms, 0 if none.
     */
    private static final String FAILED = """
            local function settle(fail, strikes, lock, max, base, cap)
              local n = tonumber(redis.call('GET', fail) or '0')
              if n < tonumber(max) then return 0 end
              local s = redis.call('INCR', strikes)
              redis.call('PEXPIRE', strikes, ARGV[7])
              local ms = math.floor(math.min(tonumber(base) * 2 ^ math.min(s - 1, 30), tonumber(cap)))
              redis.call('SET', lock, '1', 'PX', ms)
              redis.call('DEL', fail)
              return ms
            end
            return math.max(settle(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2], ARGV[3]),
                            settle(KEYS[4], KEYS[5], KEYS[6], ARGV[4], ARGV[5], ARGV[6]))""";

    /**
     * A reserved attempt had the right password: the pair's failures, back-off and lock are cleared;
     * the address and account counters get their reservation back (earlier failures still count).
     * KEYS: pair fail, strikes, lock, ip fail, account fail.
     */
    private static final String SUCCEEDED = """
            redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
            for k = 4, 5 do
              if redis.call('DECR', KEYS[k]) <= 0 then redis.call('DEL', KEYS[k]) end
            end
            return 0""";

    private final ReactiveRedisDataSource redis;
    private final AuthConfig.Throttle config;

    public LoginThrottle(ReactiveRedisDataSource redis, AuthConfig config) {
        this.redis = redis;
        this.config = config.throttle();
    }

    /**
     * Reserves a password check for this account from this address. {@link Duration#ZERO}: go ahead,
     * and report the outcome with {@link #recordFailure} or {@link #recordSuccess}. Otherwise how long
     * to wait; the password must not be checked.
     */
    public Uni<Duration> reserve(String normalisedEmail, String ip) {
        Keys k = Keys.of(normalisedEmail, ip);
        AuthConfig.Throttle.Limit pair = config.accountAddress();
        AuthConfig.Throttle.Limit byIp = config.ip();
        AuthConfig.Throttle.Brake account = config.account();
        return eval(RESERVE, List.of(k.pair("fail"), k.pair("lock"), k.ip("fail"), k.ip("lock"), k.account("fail"), k.account("pace")),
                List.of(ms(pair.window()), Integer.toString(pair.maxFailures()),
                        ms(byIp.window()), Integer.toString(byIp.maxFailures()),
                        ms(account.window()), Integer.toString(account.maxFailures()),
                        ms(account.pace()), Long.toString(PENDING_RETRY_MS)))
                .map(Duration::ofMillis);
    }

    /** A reserved attempt failed; returns the lock it caused ({@link Duration#ZERO} if none). */
    public Uni<Duration> recordFailure(String normalisedEmail, String ip) {
        Keys k = Keys.of(normalisedEmail, ip);
        AuthConfig.Throttle.Limit pair = config.accountAddress();
        AuthConfig.Throttle.Limit byIp = config.ip();
        return eval(FAILED, List.of(k.pair("fail"), k.pair("strikes"), k.pair("lock"), k.ip("fail"), k.ip("strikes"), k.ip("lock")),
                List.of(Integer.toString(pair.maxFailures()), ms(pair.lockout()), ms(pair.maxLockout()),
                        Integer.toString(byIp.maxFailures()), ms(byIp.lockout()), ms(byIp.maxLockout()),
                        ms(config.strikeMemory())))
                .map(Duration::ofMillis);
    }

    /** A reserved attempt succeeded. */
    public Uni<Void> recordSuccess(String normalisedEmail, String ip) {
        Keys k = Keys.of(normalisedEmail, ip);
        return eval(SUCCEEDED, List.of(k.pair("fail"), k.pair("strikes"), k.pair("lock"), k.ip("fail"), k.account("fail")), List.of())
                .replaceWithVoid();
    }

    private Uni<Long> eval(String script, List<String> keys, List<String> args) {
        String[] command = new String[2 + keys.size() + args.size()];
        command[0] = script;
        command[1] = Integer.toString(keys.size());
        int i = 2;
        for (String key : keys) {
            command[i++] = key;
        }
        for (String arg : args) {
            command[i++] = arg;
        }
        return redis.execute("EVAL", command).map(r -> r.toLong())
                .onFailure().transform(LoginThrottle::unavailable);
    }

    private static String ms(Duration d) {
        return Long.toString(d.toMillis());
    }

    /** Fails closed: without the shared counters no login is checked at all (503, not 500). */
    private static Throwable unavailable(Throwable e) {
        if (e instanceof ProblemException) {
            return e;
        }
        LOG.warnf("Login throttle store (Redis) failed: %s", e.toString());
        return ProblemException.unavailable("Logins are unavailable for a moment; try again shortly.");
    }

    /** The keys of one attempt: e-mails are hashed so the keys do not list addresses people tried. */
    private record Keys(String accountId, String ipId) {

        static Keys of(String normalisedEmail, String ip) {
            return new Keys(RandomSecrets.sha256Hex(normalisedEmail), ip == null || ip.isBlank() ? "unknown" : ip);
        }

        String pair(String part) {
            return PREFIX + "pair:" + part + ":" + accountId + ":" + ipId;
        }

        String ip(String part) {
            return PREFIX + "ip:" + part + ":" + ipId;
        }

        String account(String part) {
            return PREFIX + "account:" + part + ":" + accountId;
        }
    }
}
