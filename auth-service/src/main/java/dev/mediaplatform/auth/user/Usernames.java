package dev.mediaplatform.auth.user;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one username rule, for registration, login, lookups and the configured
 * administrator alike.
 * <p>
 * A name is checked, stored and compared in NFC, so that canonically equivalent spellings
 * are one name: the Kelvin sign (U+212A) is the letter K, so "U+212A ate" is the name
 * {@code Kate}, not a second account that looks like it. Only a name that passes the rule
 * becomes a key, so that junk never reaches a query or the login brakes.
 */
public final class Usernames {

	/** What a client is told when a name breaks the rule. */
	public static final String RULE = "must be 3 to 32 characters: letters, digits, '.', '_' or '-'";

	private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._-]{3,32}");

	private Usernames() {
	}

	/**
	 * The name as it is checked and stored: NFC, so that a composed and a decomposed
	 * spelling are one name.
	 */
	static String canonical(String username) {
		return Normalizer.normalize(username, Normalizer.Form.NFC);
	}

	/**
	 * What is wrong with {@code username}, or nothing when it is a valid name. Invisible
	 * characters are named on their own: a client cannot see them in what it sent.
	 */
	public static Optional<String> violation(String username) {
		String canonical = canonical(username);
		Optional<String> invisible = canonical.codePoints()
			.filter(Usernames::isInvisible)
			.mapToObj((codePoint) -> "must not contain invisible, control or formatting characters (found U+%04X)"
				.formatted(codePoint))
			.findFirst();
		if (invisible.isPresent()) {
			return invisible;
		}
		return ALLOWED.matcher(canonical).matches() ? Optional.empty() : Optional.of(RULE);
	}

	/**
	 * The key a valid name is unique by and looked up by (NFC, lower case); empty when
	 * {@code username} breaks the rule, so that no account can be reached through it.
	 */
	public static Optional<String> key(String username) {
		if (username == null || violation(username).isPresent()) {
			return Optional.empty();
		}
		return Optional.of(canonical(username).toLowerCase(Locale.ROOT));
	}

	/**
	 * Control (Cc), format (Cf: bidirectional overrides, zero-width characters), private
	 * use (Co), unassigned (Cn), lone surrogates (Cs), line and paragraph separators.
	 */
	private static boolean isInvisible(int codePoint) {
		return switch (Character.getType(codePoint)) {
			case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE,
					Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR ->
				true;
			default -> false;
		};
	}

}
