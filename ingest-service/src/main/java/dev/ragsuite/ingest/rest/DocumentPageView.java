package dev.ragsuite.ingest.rest;

import java.util.List;

public record DocumentPageView(List<DocumentView> items, int page, int size, long total) {
}
