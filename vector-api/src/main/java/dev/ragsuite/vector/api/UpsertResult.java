package dev.ragsuite.vector.api;

public record UpsertResult(int upserted) {
}
