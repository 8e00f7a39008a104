package dev.mediaplatform.camera.camera;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CameraNameTests {

	@Test
	void shouldStoreNamesThatLookTheSameAsTheSameText() {
		assertThat(CameraService.checkName("  Cafe\u0301 door ")).isEqualTo("Caf\u00e9 door");
		assertThat(CameraService.checkName("Caf\u00e9 door")).isEqualTo("Caf\u00e9 door");
	}

	@Test
	void shouldKeepLettersOfAnyScriptAndEmoji() {
		assertThat(CameraService.checkName("Вход 入口 🚪 #2")).isEqualTo("Вход 入口 🚪 #2");
		// 100 characters, each two UTF-16 units: within the limit.
		assertThat(CameraService.checkName("🚪".repeat(100))).hasSize(200);
	}

	@Test
	void shouldRefuseCharactersThatLetOneNamePassForAnother() {
		for (String name : new String[] { "Porch\u202Egpj.exe", "Por\u200Bch", "Porch\u2028", "Porch\u00a0door",
				"Porch\ue000", "line\nbreak", "tab\there", "\u0378unassigned", "Porch\ufeff" }) {
			assertThatThrownBy(() -> CameraService.checkName(name)).as(name)
				.isInstanceOf(InvalidCameraInput.class)
				.hasMessageContaining("invisible");
		}
	}

	@Test
	void shouldRefuseEmptyAndOverlongNames() {
		for (String name : new String[] { null, "", "   ", "x".repeat(101) }) {
			assertThatThrownBy(() -> CameraService.checkName(name)).isInstanceOf(InvalidCameraInput.class)
				.hasMessageContaining("1 to 100 characters");
		}
	}

}
