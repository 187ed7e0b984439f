package dev.ragsuite.gateway.apikey;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.ragsuite.gateway.config.GatewayConfig;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import jakarta.ws.rs.WebApplicationException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Turns an API key ({@code rk_…}) into a short-lived access token at auth-service, and remembers
 * the answer in memory (keyed by the key's SHA-256, never the key itself; bounded in size) until
 * shortly before the token expires. Concurrent requests with the same key share one exchange; a
 * refused key is remembered for 10 s, an exchange that failed (auth-service down) not at all.
 */
@Singleton
public class ApiKeyExchange {

    /** An exchanged key: the token to forward and what auth-service said about it. */
    public record Exchanged(String accessToken, String userId, Set<String> scopes, Duration cacheFor) {

        /** A key auth-service refused, remembered briefly so retrying it costs no exchange. */
        static Exchanged refused() {
            return new Exchanged(null, null, Set.of(), REFUSED_TTL);
        }

        boolean isRefused() {
            return accessToken == null;
        }
    }

    private static final Duration REFUSED_TTL = Duration.ofSeconds(10);

    /** auth-service refused the key (unknown, revoked, expired, owner disabled). */
    public static final class InvalidKey extends RuntimeException {
        InvalidKey() {
            super("The API key is invalid, expired or revoked.", null, false, false);
        }
    }

    private static final Pattern SHAPE = Pattern.compile("rk_[A-Za-z0-9_\\-]{8,200}");

    private final ApiKeyClient client;
    private final GatewayConfig.ApiKeys config;
    private final AsyncCache<String, Exchanged> cache;

    public ApiKeyExchange(@RestClient ApiKeyClient client, GatewayConfig config) {
        this.client = client;
        this.config = config.apiKeys();
        this.cache = Caffeine.newBuilder()
                .maximumSize(this.config.cacheSize())
                .expireAfter(new Expiry<String, Exchanged>() {
                    @Override
                    public long expireAfterCreate(String key, Exchanged value, long currentTime) {
                        return value.cacheFor().toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Exchanged value, long currentTime, long currentDuration) {
                        return value.cacheFor().toNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Exchanged value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .buildAsync();
    }

    public static boolean looksLikeKey(String credential) {
        return credential.startsWith("rk_");
    }

    public Uni<Exchanged> exchange(String apiKey) {
        if (!SHAPE.matcher(apiKey).matches()) {
            return Uni.createFrom().failure(new InvalidKey());
        }
        return Uni.createFrom().completionStage(() -> cache.get(sha256(apiKey), (hash, executor) -> client
                .exchange(new ApiKeyClient.ExchangeRequest(apiKey))
                .ifNoItem().after(config.timeout()).fail()
                .map(this::toExchanged)
                .onFailure(ApiKeyExchange::isRefusal).recoverWithItem(Exchanged.refused())
                .subscribeAsCompletionStage()))
                .onItem().transform(exchanged -> {
                    if (exchanged.isRefused()) {
                        throw new InvalidKey();
                    }
                    return exchanged;
                });
    }

    private Exchanged toExchanged(ApiKeyClient.ExchangeResponse response) {
        if (response == null || response.accessToken() == null || response.userId() == null) {
            throw new IllegalStateException("auth-service answered the API-key exchange without a token");
        }
        Duration life = Duration.ofSeconds(Math.max(0, response.expiresIn()));
        Duration cacheFor = life.compareTo(config.refreshBeforeExpiry().multipliedBy(2)) > 0
                ? life.minus(config.refreshBeforeExpiry()) : life.dividedBy(2);
        return new Exchanged(response.accessToken(), response.userId(),
                Set.copyOf(response.scopes() == null ? List.of() : response.scopes()), cacheFor);
    }

    private static boolean isRefusal(Throwable error) {
        if (error instanceof WebApplicationException wae && wae.getResponse() != null) {
            int status = wae.getResponse().getStatus();
            return status == 400 || status == 401 || status == 403;
        }
        return false;
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
