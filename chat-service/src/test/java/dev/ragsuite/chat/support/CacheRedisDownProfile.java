package dev.ragsuite.chat.support;

import java.util.HashMap;
import java.util.Map;

/** As {@link ExtractiveStandInProfile}, but the answer cache's Redis client points at a closed port. */
public class CacheRedisDownProfile extends ExtractiveStandInProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
        overrides.put("quarkus.redis.cache.hosts", "redis://127.0.0.1:1");
        overrides.put("quarkus.redis.cache.timeout", "2S");
        return overrides;
    }
}
