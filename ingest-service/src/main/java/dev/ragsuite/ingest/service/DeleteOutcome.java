package dev.ragsuite.ingest.service;

import java.util.UUID;

/** A deleted document and what vector-service reported removing for it. */
public record DeleteOutcome(UUID id, long vectorsRemoved, long vectorsRemaining) {
}
