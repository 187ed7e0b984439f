package dev.ragsuite.auth.rest;

import dev.ragsuite.auth.secret.PasswordHasher;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A new password's length, counted in UTF-8 bytes because that is what bcrypt reads: at least 12,
 * at most 72 (bcrypt ignores everything after the 72nd byte). {@code null} is left to {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = PasswordLength.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface PasswordLength {

    String message() default "must be " + PasswordHasher.MIN_BYTES + " to " + PasswordHasher.MAX_BYTES
            + " bytes in UTF-8 (72 bytes is the bcrypt limit; characters outside ASCII take 2 to 4 bytes)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<PasswordLength, String> {

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            int bytes = PasswordHasher.utf8Length(value);
            return bytes >= PasswordHasher.MIN_BYTES && bytes <= PasswordHasher.MAX_BYTES;
        }
    }
}
