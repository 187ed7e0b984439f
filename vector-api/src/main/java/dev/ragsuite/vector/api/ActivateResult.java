package dev.ragsuite.vector.api;

/**
 * The outcome of making one version of a document the searchable one.
 *
 * @param visible chunks of the activated version now searchable
 * @param removed chunks of other versions removed in the same index commit
 */
public record ActivateResult(long visible, long removed) {
}
