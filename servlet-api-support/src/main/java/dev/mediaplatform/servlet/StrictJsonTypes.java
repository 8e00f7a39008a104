package dev.mediaplatform.servlet;

import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * A JSON value must have the type of its field: Jackson would otherwise read
 * {@code {"name": 1.5}} as the name {@code "1.5"}, {@code 1} as {@code true}, {@code "7"}
 * as 7 and {@code 7.5} as 7, so a wrong value would pass as another one. Such input is
 * unreadable JSON instead, which each service answers with a 400 naming the field. One
 * rule for auth-service and camera-service (it was two copies); each applies it to its
 * mapper with a {@code JsonMapperBuilderCustomizer}.
 */
public final class StrictJsonTypes {

	private StrictJsonTypes() {
	}

	/** Refuses every coercion of a scalar into another type on {@code builder}. */
	public static void apply(JsonMapper.Builder builder) {
		builder
			.withCoercionConfig(LogicalType.Textual,
					(config) -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Integer,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Float,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean,
					(config) -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail));
	}

}
