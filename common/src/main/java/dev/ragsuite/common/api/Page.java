package dev.ragsuite.common.api;

import java.util.List;

/**
 * One page of a list, the same envelope on every list endpoint of the public API:
 * {@code page} counts from 0, {@code size} is the page size asked for, {@code total} counts every item.
 */
public record Page<T>(List<T> items, int page, int size, long total) {
}
