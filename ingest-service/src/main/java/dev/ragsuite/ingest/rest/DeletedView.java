package dev.ragsuite.ingest.rest;

import java.util.UUID;

/** @param vectorsRemoved chunks vector-service removed; @param vectorsRemaining chunks it still holds for the document */
public record DeletedView(UUID id, boolean deleted, long vectorsRemoved, long vectorsRemaining) {
}
