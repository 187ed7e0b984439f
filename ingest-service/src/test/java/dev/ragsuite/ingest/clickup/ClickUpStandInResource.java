package dev.ragsuite.ingest.clickup;

import dev.ragsuite.testing.ClickUpStandIn;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

/**
 * The {@link ClickUpStandIn} (a WireMock stand-in of ClickUp's API) as a global Quarkus test resource:
 * points {@code quarkus.rest-client.clickup.url} at it and injects it into test fields marked {@link Inject}.
 */
public class ClickUpStandInResource implements QuarkusTestResourceLifecycleManager {

    /** Marks the test field ({@code ClickUpStandIn}) the stand-in is injected into. */
    @Target(ElementType.FIELD)
    @Retention(RetentionPolicy.RUNTIME)
    public @interface Inject {
    }

    private ClickUpStandIn standIn;

    @Override
    public Map<String, String> start() {
        standIn = ClickUpStandIn.start();
        return Map.of("quarkus.rest-client.clickup.url", standIn.apiUrl());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(standIn, new TestInjector.AnnotatedAndMatchesType(Inject.class, ClickUpStandIn.class));
    }

    @Override
    public void stop() {
        if (standIn != null) {
            standIn.close();
        }
    }
}
