package dev.ragsuite.chat.rest;

import java.util.List;

/** One page of a list: {@code page} is 0-based, {@code total} counts every item. */
public record PageView<T>(List<T> items, int page, int size, long total) {
}
