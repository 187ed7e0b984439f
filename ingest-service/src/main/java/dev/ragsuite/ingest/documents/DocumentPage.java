package dev.ragsuite.ingest.documents;

import dev.ragsuite.ingest.Document;
import java.util.List;

public record DocumentPage(List<Document> items, int page, int size, long total) {
}
