package dev.ragsuite.vector.api;

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
 * A question or search query must have something to search for: at least one letter or digit (of any
 * script). Text of only punctuation, symbols, spaces, control or zero-width characters has no term for
 * the keyword index and nothing for the embedding model (which refuses blank text), so it is a 400
 * where it comes in: chat-service's {@code POST /api/chat[/stream]} and vector-service's search. Null
 * passes; {@code @NotNull}/{@code @NotBlank} say whether it may be absent.
 */
@Documented
@Constraint(validatedBy = Searchable.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface Searchable {

    String message() default "must contain a letter or digit to search for";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<Searchable, CharSequence> {

        /** The rule itself, for code that is not validated by annotation. */
        public static boolean hasContent(CharSequence text) {
            return text != null && text.codePoints().anyMatch(Character::isLetterOrDigit);
        }

        @Override
        public boolean isValid(CharSequence value, ConstraintValidatorContext context) {
            return value == null || hasContent(value);
        }
    }
}
