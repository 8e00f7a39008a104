package dev.mediaplatform.auth.user;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A password a new account may have: 8 to 128 characters of any kind, counted in code
 * points (U+1F600 is one character, not two UTF-16 units). Any length hashes (see the
 * password encoder), so the limit is policy, not a technical bound. Null is left to
 * {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = ValidPassword.Validator.class)
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@interface ValidPassword {

	int MIN = 8;

	int MAX = 128;

	String message() default "must be 8 to 128 characters";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<ValidPassword, String> {

		@Override
		public boolean isValid(String password, ConstraintValidatorContext context) {
			if (password == null) {
				return true;
			}
			// Cheap even for a huge string; the gateway caps bodies at 1 MB anyway.
			int length = password.codePointCount(0, password.length());
			return length >= MIN && length <= MAX;
		}

	}

}
