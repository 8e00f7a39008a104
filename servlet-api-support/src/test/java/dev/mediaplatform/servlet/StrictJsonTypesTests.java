package dev.mediaplatform.servlet;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class StrictJsonTypesTests {

	record Body(String name, Boolean enabled, Integer count, Double ratio) {
	}

	final JsonMapper json = strict();

	static JsonMapper strict() {
		JsonMapper.Builder builder = JsonMapper.builder();
		StrictJsonTypes.apply(builder);
		return builder.build();
	}

	@Test
	void shouldReadValuesOfTheFieldsTypes() {
		Body body = this.json.readValue("{\"name\":\"cam\",\"enabled\":true,\"count\":7,\"ratio\":7}", Body.class);
		assertThat(body).isEqualTo(new Body("cam", true, 7, 7.0));
	}

	@Test
	void shouldRefuseAScalarOfAnotherType() {
		for (String wrong : new String[] { "{\"name\":1.5}", "{\"name\":1}", "{\"name\":true}", "{\"enabled\":1}",
				"{\"enabled\":\"true\"}", "{\"enabled\":\"\"}", "{\"count\":\"7\"}", "{\"count\":7.5}",
				"{\"count\":true}", "{\"count\":\"\"}", "{\"ratio\":\"7.5\"}", "{\"ratio\":false}" }) {
			assertThatExceptionOfType(JacksonException.class).as(wrong)
				.isThrownBy(() -> this.json.readValue(wrong, Body.class));
		}
	}

	@Test
	void shouldLeaveAMapperWithoutTheRuleAsLenientAsJacksonIs() {
		// What the rule changes: Jackson's own default reads 1.5 as the name "1.5".
		assertThat(JsonMapper.builder().build().readValue("{\"name\":1.5}", Body.class).name()).isEqualTo("1.5");
	}

}
