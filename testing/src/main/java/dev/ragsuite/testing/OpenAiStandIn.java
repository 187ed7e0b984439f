package dev.ragsuite.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks the test field that receives the {@code WireMockServer} playing an OpenAI-compatible API ({@link OpenAiWireMockStandIn}). */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface OpenAiStandIn {
}
