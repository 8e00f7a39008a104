package dev.mediaplatform.auth.config;

import dev.mediaplatform.servlet.StrictJsonTypes;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A JSON value must have the type of its field ({@link StrictJsonTypes}, the rule
 * camera-service holds too): {@code {"username": true}} is unreadable JSON (400, naming
 * the field) instead of the name {@code "true"}, and {@code "7"} is not the number 7.
 */
@Configuration(proxyBeanMethods = false)
class JacksonConfiguration {

	@Bean
	JsonMapperBuilderCustomizer strictScalars() {
		return StrictJsonTypes::apply;
	}

}
