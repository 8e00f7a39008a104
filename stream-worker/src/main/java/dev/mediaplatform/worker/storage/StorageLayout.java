package dev.mediaplatform.worker.storage;

import java.nio.file.Path;

import dev.mediaplatform.storagelayout.StorageNames;
import dev.mediaplatform.storagelayout.StoragePaths;

/**
 * Where everything a worker writes lives on the shared storage: the layout of the
 * {@code storage-layout} module, which the gateway serves by, under the name the worker's
 * features know it by. It adds no rule of its own.
 */
public final class StorageLayout extends StoragePaths {

	public StorageLayout(Path root) {
		super(root);
	}

	/**
	 * The start of the chunk a file name stands for ({@code 1764496000123.mp4} or a
	 * marker {@code 1764496000123}), or -1 when it is not one.
	 */
	public static long startOf(String fileName) {
		return StorageNames.startOf(fileName);
	}

	/** Whether {@code key} is a camera id: a UUID in its canonical lower-case form. */
	public static boolean isCameraId(String key) {
		return StorageNames.isCameraId(key);
	}

}
