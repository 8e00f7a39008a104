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
 * A name a new account may take: the rule of {@link Usernames}; null is left to
 * {@code @NotNull}.
 */
@Documented
@Constraint(validatedBy = ValidUsername.Validator.class)
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@interface ValidUsername {

	String message() default Usernames.RULE;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<ValidUsername, String> {

		@Override
		public boolean isValid(String username, ConstraintValidatorContext context) {
			if (username == null) {
				return true;
			}
			return Usernames.violation(username).map((violation) -> {
				context.disableDefaultConstraintViolation();
				context.buildConstraintViolationWithTemplate(violation).addConstraintViolation();
				return false;
			}).orElse(true);
		}

	}

}
