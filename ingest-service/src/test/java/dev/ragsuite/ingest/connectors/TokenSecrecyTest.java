package dev.ragsuite.ingest.connectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ragsuite.ingest.AliceAndBobTest;
import dev.ragsuite.ingest.SecretsTestKeyset;
import dev.ragsuite.ingest.clickup.ClickUpStandInResource;
import dev.ragsuite.testing.ClickUpStandIn;
import dev.ragsuite.testing.RagTestEnvironment;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.redis.client.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A token never leaves the service once handed over: after a connection is created, its token
 * changed and a revoked one refused, neither the answers, nor a {@code pg_dump} of the whole test
 * database, nor any value in the test Redis database, nor the metrics, nor anything logged
 * meanwhile holds any of the tokens.
 */
@QuarkusTest
@WithTestResource(value = RagTestEnvironment.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = SecretsTestKeyset.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = ClickUpStandInResource.class, scope = TestResourceScope.GLOBAL)
class TokenSecrecyTest extends AliceAndBobTest {

    @ClickUpStandInResource.Inject
    ClickUpStandIn clickUp;

    @Inject
    RedisDataSource redis;

    @Test
    void noTraceOfATokenInAnswersDatabaseDumpRedisMetricsOrLogs() throws Exception {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (logged) {
                    logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters())
                            + " " + record.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        String first = clickUp.newToken();
        String second = clickUp.newToken();
        String revoked = clickUp.newToken();
        clickUp.revoke(revoked);
        StringBuilder answers = new StringBuilder();
        String id;
        try {
            var created = ConnectorApiTest.create(aliceToken, Map.of("type", "clickup", "token", first,
                    "workspaceId", ClickUpStandIn.WORKSPACE));
            assertEquals(201, created.statusCode());
            id = created.path("id");
            answers.append(created.asString());
            answers.append(given().auth().oauth2(aliceToken).contentType(ContentType.JSON).body(Map.of("token", second))
                    .patch(ConnectorApiTest.CONNECTORS + "/" + id).then().statusCode(200).extract().asString());
            answers.append(given().auth().oauth2(aliceToken).contentType(ContentType.JSON).body(Map.of("token", revoked))
                    .patch(ConnectorApiTest.CONNECTORS + "/" + id).then().statusCode(422).extract().asString());
            answers.append(given().auth().oauth2(aliceToken).get(ConnectorApiTest.CONNECTORS).asString());
            answers.append(given().get("/q/metrics").asString());
        } finally {
            root.removeHandler(capture);
        }
        List<String> tokens = List.of(first, second, revoked);

        String dump = pgDump();
        assertTrue(dump.contains(id), "the dump holds the connection's row");
        String redisValues = redisValues();
        for (String token : tokens) {
            String secretPart = token.substring(3, token.length() - 4); // all but the "pk_" prefix and the shown hint
            assertFalse(answers.toString().contains(secretPart), "an answer holds a token");
            assertFalse(dump.contains(secretPart), "pg_dump holds a token");
            assertFalse(redisValues.contains(secretPart), "Redis holds a token");
            synchronized (logged) {
                assertFalse(logged.stream().anyMatch(line -> line.contains(secretPart)), "a log line holds a token");
            }
        }
    }

    /** The whole test database as pg_dump writes it (schema and data, every schema). */
    private static String pgDump() throws Exception {
        Process dump = new ProcessBuilder("pg_dump", "-h", System.getenv().getOrDefault("RAG_DB_HOST", "127.0.0.1"),
                "-p", System.getenv().getOrDefault("RAG_DB_PORT", "5432"),
                "-U", System.getenv().getOrDefault("RAG_DB_USER", "postgres"), "--no-password", RagTestEnvironment.DATABASE)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        dump.getInputStream().transferTo(out);
        assertTrue(dump.waitFor(60, TimeUnit.SECONDS), "pg_dump finished");
        assertEquals(0, dump.exitValue(), "pg_dump succeeded");
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Every key and value of the test Redis database, read by type. */
    private String redisValues() {
        StringBuilder all = new StringBuilder();
        for (String key : redis.key().keys("*")) {
            String type = redis.execute("TYPE", key).toString();
            Response value = switch (type) {
                case "string" -> redis.execute("GET", key);
                case "hash" -> redis.execute("HGETALL", key);
                case "list" -> redis.execute("LRANGE", key, "0", "-1");
                case "set" -> redis.execute("SMEMBERS", key);
                case "zset" -> redis.execute("ZRANGE", key, "0", "-1", "WITHSCORES");
                case "stream" -> redis.execute("XRANGE", key, "-", "+");
                default -> null;
            };
            all.append(key).append('=').append(value).append('\n');
        }
        return all.toString();
    }
}
