package dev.ragsuite.vector.api;

/**
 * The outcome of publishing a document to every user or taking it back.
 *
 * @param published whether the document's chunks are now searchable by every user
 * @param chunks chunks of the document (staged or visible) that now carry that flag
 */
public record VisibilityResult(boolean published, long chunks) {
}
