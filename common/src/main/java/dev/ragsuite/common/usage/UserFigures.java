package dev.ragsuite.common.usage;

/**
 * auth-service's part of the usage figures ({@code GET /internal/v1/usage/users}).
 *
 * @param total accounts, disabled ones included
 * @param active accounts with a session used (signed in or refreshed) in the window
 * @param registered accounts created in the window
 */
public record UserFigures(long total, long active, long registered) {
}
