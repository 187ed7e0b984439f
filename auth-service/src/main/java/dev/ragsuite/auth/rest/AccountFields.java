package dev.ragsuite.auth.rest;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Locale;

/**
 * What an account's e-mail and display name must look like, wherever an account is created
 * (self-registration, an admin creating a user), and how they are normalised.
 */
final class AccountFields {

    private AccountFields() {
    }

    /** Trimmed and lower-cased: the database compares addresses exactly. */
    static String normaliseEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    static String normaliseDisplayName(String displayName) {
        return displayName == null ? null : displayName.strip();
    }

    /** A well-formed address of at most 254 characters. */
    @Documented
    @Constraint(validatedBy = {})
    @NotBlank
    @Size(max = 254)
    @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+")
    @ReportAsSingleViolation
    @Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
    @Retention(RetentionPolicy.RUNTIME)
    @interface AccountEmail {
        String message() default "must be a well-formed email address";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    /** 1 to 100 characters, no control characters. */
    @Documented
    @Constraint(validatedBy = {})
    @NotBlank
    @Size(max = 100)
    @Pattern(regexp = "\\P{Cc}*")
    @ReportAsSingleViolation
    @Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
    @Retention(RetentionPolicy.RUNTIME)
    @interface DisplayName {
        String message() default "must be 1 to 100 characters without control characters";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }
}
