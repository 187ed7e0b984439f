package dev.ragsuite.common.vector;

public record UpsertResult(int upserted) {
}
