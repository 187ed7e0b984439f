package dev.ragsuite.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.redis.datasource.stream.XGroupCreateArgs;
import io.quarkus.redis.datasource.stream.XReadGroupArgs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link StreamGroupGauges} against the real Redis of the test environment ({@code RAG_TEST_REDIS_URL}, default db 1). */
class StreamGroupGaugesTest extends RealRedisStreamTest {

    private static final String GROUP = "gauge-group";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // an hour between polls: the test polls by hand, so each value is the one it just made Redis hold
    private final StreamGroupGauges gauges = new StreamGroupGauges(registry, Duration.ofHours(1));

    StreamGroupGaugesTest() {
        super("rag:test:stream-gauges:");
    }

    @AfterEach
    void cleanUp() {
        gauges.stop();
    }

    @Test
    void lagAndPendingFollowTheGroup() {
        gauges.watch(redis, stream, GROUP);
        gauges.pollAll();
        assertTrue(Double.isNaN(lag()), "no stream yet: unknown, not zero");
        assertTrue(Double.isNaN(pending()));

        streams.xgroupCreate(stream, GROUP, "0", new XGroupCreateArgs().mkstream());
        for (int i = 0; i < 5; i++) {
            streams.xadd(stream, Map.of("n", Integer.toString(i)));
        }
        gauges.pollAll();
        assertEquals(5.0, lag(), "five entries nobody read");
        assertEquals(0.0, pending());

        var read = streams.xreadgroup(GROUP, "c1", stream, ">", new XReadGroupArgs().count(3));
        assertEquals(3, read.size());
        gauges.pollAll();
        assertEquals(2.0, lag(), "two left unread");
        assertEquals(3.0, pending(), "three read, none acknowledged");

        streams.xack(stream, GROUP, read.get(0).id(), read.get(1).id());
        gauges.pollAll();
        assertEquals(2.0, lag());
        assertEquals(1.0, pending(), "one still unacknowledged");
    }

    @Test
    void anotherGroupOnTheSameStreamIsReportedApart() {
        streams.xgroupCreate(stream, GROUP, "0", new XGroupCreateArgs().mkstream());
        streams.xgroupCreate(stream, "other", "$", new XGroupCreateArgs());
        streams.xadd(stream, Map.of("n", "1"));
        streams.xadd(stream, Map.of("n", "2"));
        streams.xreadgroup("other", "c1", stream, ">", new XReadGroupArgs().count(1));

        gauges.watch(redis, stream, GROUP);
        gauges.watch(redis, stream, "other");
        gauges.pollAll();

        assertEquals(2.0, lag());
        assertEquals(0.0, pending());
        assertEquals(1.0, registry.get("rag.stream.lag").tags("stream", stream, "group", "other").gauge().value());
        assertEquals(1.0, registry.get("rag.stream.pending").tags("stream", stream, "group", "other").gauge().value());
    }

    @Test
    void lagIsUnknownWhenRedisCannotTellIt() {
        streams.xadd(stream, Map.of("n", "1"));
        String middle = streams.xadd(stream, Map.of("n", "2"));
        streams.xadd(stream, Map.of("n", "3"));
        streams.xgroupCreate(stream, GROUP, "0", new XGroupCreateArgs());
        streams.xdel(stream, middle); // a deleted entry in the unread range of a group made later: Redis 7 reports lag nil
        gauges.watch(redis, stream, GROUP);
        gauges.pollAll();

        assertTrue(Double.isNaN(lag()), "nil lag is reported as NaN, not as 0");
        assertEquals(0.0, pending());
    }

    private double lag() {
        return registry.get("rag.stream.lag").tags("stream", stream, "group", GROUP).gauge().value();
    }

    private double pending() {
        return registry.get("rag.stream.pending").tags("stream", stream, "group", GROUP).gauge().value();
    }
}
