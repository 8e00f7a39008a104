package dev.mediaplatform.camera.camera;

import java.util.Locale;

/** What a user may do with a camera. */
public enum Role {

	/** Views and watches. */
	VIEWER,

	/** Views, watches, starts and stops streams, records. */
	OPERATOR,

	/** Everything, including sharing, editing and deleting. */
	OWNER;

	public boolean canOperate() {
		return this != VIEWER;
	}

	public boolean isOwner() {
		return this == OWNER;
	}

	/** The role a share may grant; the owner's role cannot be given away. */
	public static Role forShare(String name) {
		if (name == null || name.isBlank()) {
			return VIEWER;
		}
		try {
			Role role = valueOf(name.trim().toUpperCase(Locale.ROOT));
			if (role != OWNER) {
				return role;
			}
		}
		catch (IllegalArgumentException ex) {
			// Reported below with the accepted values.
		}
		throw InvalidCameraInput.field("role", "must be viewer or operator");
	}

	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

}
