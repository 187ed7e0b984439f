package dev.ragsuite.e2e;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The launcher supervises what it started: a service that dies (kill -9, as the kernel's OOM killer
 * or a crash would end it) is started again after a short back-off, without anyone running
 * `./rag up`, and `./rag status` shows the restart with the exit code.
 */
@Order(9)
@ExtendWith(SuiteExtension.class)
class SupervisionIT {

    private static final String SERVICE = "chat-service";

    @Test
    void crashedServiceIsRestartedAndTheRestartShows() throws Exception {
        Suite suite = SuiteExtension.suite();
        long before = suite.servicePid(SERVICE);
        long killedAt = System.nanoTime();
        suite.killService(SERVICE);

        await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> { // refused until it listens
            long now = suite.servicePid(SERVICE);
            return now > 0 && now != before && ProcessHandle.of(now).isPresent()
                    && given().baseUri(suite.serviceUrl(SERVICE)).get("/q/health/ready").statusCode() == 200;
        });
        suite.report.add("supervision: " + SERVICE + " killed with SIGKILL was ready again after "
                + Duration.ofNanos(System.nanoTime() - killedAt).toSeconds() + " s (no ./rag up)");
        assertNotEquals(before, suite.servicePid(SERVICE));

        suite.launcherOutput.clear();
        suite.launcher("status");
        String line = suite.launcherOutput.stream().filter(l -> l.contains(SERVICE)).findFirst().orElseThrow();
        assertTrue(line.contains("restarts 1 (last exit code 137 at "), line);
        String supervisorLog = Files.readString(suite.home.resolve("logs/supervisor.log"));
        assertTrue(supervisorLog.contains(SERVICE + " (pid " + before + ") exited with code 137"), supervisorLog);
    }
}
