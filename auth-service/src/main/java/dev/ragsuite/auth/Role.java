package dev.ragsuite.auth;

import java.util.Arrays;

/** What a user may do. The lower-case value is what the database stores and tokens carry in `groups`. */
public enum Role {
    USER("user"),
    ADMIN("admin");

    private final String value;

    Role(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Role of(String value) {
        return Arrays.stream(values())
                .filter(r -> r.value.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown role " + value));
    }
}
