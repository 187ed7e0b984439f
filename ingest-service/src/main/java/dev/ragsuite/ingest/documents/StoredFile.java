package dev.ragsuite.ingest.documents;

/** What was written to storage: its size and the hex SHA-256 of its bytes. */
public record StoredFile(long sizeBytes, String sha256) {
}
