package dev.mediaplatform.auth.user;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UsernamesTests {

	@Test
	void shouldKeyAValidNameInLowerCase() {
		assertThat(Usernames.key("Alice.B_-9")).contains("alice.b_-9");
		assertThat(Usernames.violation("Alice.B_-9")).isEmpty();
	}

	@Test
	void shouldNameTheInvisibleCharacterAName() {
		assertThat(Usernames.violation("ali\u202Ece"))
			.contains("must not contain invisible, control or formatting characters (found U+202E)");
		assertThat(Usernames.violation("ali\u200Bce").orElseThrow()).contains("U+200B");
		assertThat(Usernames.violation("ali\u2028ce").orElseThrow()).contains("U+2028");
		assertThat(Usernames.violation("ali\uE000ce").orElseThrow()).contains("U+E000");
		assertThat(Usernames.violation("ali\u0000ce").orElseThrow()).contains("U+0000");
		assertThat(Usernames.violation("ali\uD800ce").orElseThrow()).contains("U+D800");
		assertThat(Usernames.violation("ali\u0378ce").orElseThrow()).as("unassigned").contains("U+0378");
	}

	@Test
	void shouldGiveNoKeyToANameThatBreaksTheRule() {
		assertThat(Usernames.key("ka\u200Bte")).isEmpty();
		assertThat(Usernames.key("")).isEmpty();
		assertThat(Usernames.key("a".repeat(33))).isEmpty();
		assertThat(Usernames.key(null)).isEmpty();
	}

	@Test
	void shouldTakeCanonicallyEquivalentSpellingsAsOneName() {
		// U+212A KELVIN SIGN is canonically the letter K.
		assertThat(Usernames.canonical("\u212Aate")).isEqualTo("Kate");
		assertThat(Usernames.key("\u212Aate")).contains("kate");
	}

	@Test
	void shouldCheckTheRuleOnTheComposedForm() {
		assertThat(Usernames.violation("A\u030Alesund")).as("decomposed Å").contains(Usernames.RULE);
		assertThat(Usernames.violation("\u212Bngstrom")).as("ANGSTROM SIGN, canonically Å").contains(Usernames.RULE);
	}

}
