package dev.ragsuite.auth.audit;

/** What an audit event records; {@link #value()} is stored and published. */
public enum AuditType {
    LOGIN,
    LOGIN_FAILED,
    LOGIN_THROTTLED,
    LOGOUT,
    TOKEN_REFRESHED,
    SESSION_REVOKED,
    SESSIONS_REVOKED_ALL,
    REFRESH_REUSE_DETECTED,
    USER_REGISTERED,
    /** A registration named an address that has an account already; the account was left unchanged. */
    REGISTRATION_EMAIL_TAKEN,
    USER_CREATED,
    USER_DISABLED,
    USER_ENABLED,
    ROLE_CHANGED,
    PASSWORD_CHANGED,
    PASSWORD_RESET,
    API_KEY_CREATED,
    API_KEY_REVOKED;

    public String value() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
