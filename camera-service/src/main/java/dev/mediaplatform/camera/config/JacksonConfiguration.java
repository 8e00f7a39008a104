package dev.mediaplatform.camera.config;

import dev.mediaplatform.servlet.StrictJsonTypes;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A JSON value must have the type of its field ({@link StrictJsonTypes}, the rule
 * auth-service holds too): {@code {"name": 1.5}} or {@code {"enabled": 1}} is unreadable
 * JSON (400 naming the field) instead of the name {@code "1.5"} or {@code true}, on the
 * versioned and the original API alike (the original API's fields were always strings and
 * booleans, so valid input reads as before). Applies to the workers' messages too, which
 * Jackson writes with the right types.
 */
@Configuration(proxyBeanMethods = false)
class JacksonConfiguration {

	@Bean
	JsonMapperBuilderCustomizer strictScalars() {
		return StrictJsonTypes::apply;
	}

}
