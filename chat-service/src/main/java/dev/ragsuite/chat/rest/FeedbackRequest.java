package dev.ragsuite.chat.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A rating of an answer, with an optional comment. */
public record FeedbackRequest(
        @NotNull @Pattern(regexp = "up|down", message = "must be \"up\" or \"down\"") String rating,
        @Size(max = FeedbackRequest.MAX_COMMENT_CHARS) String comment) {

    public static final int MAX_COMMENT_CHARS = 2_000;
}
