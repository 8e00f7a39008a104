package dev.mediaplatform.fmp4;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading ISO BMFF boxes: a box's header, the children of a box's payload, and bytes of a
 * file. Each box starts with its size (32 bits, or 1 and a 64-bit size after the type, or
 * 0 for "up to the end") and its four-letter type.
 */
final class Boxes {

	private Boxes() {
	}

	/**
	 * A box's header.
	 *
	 * @param type its four-letter type
	 * @param size the bytes of the whole box, header included
	 * @param headerSize the bytes of its header (8, or 16 with a 64-bit size)
	 */
	record Header(String type, long size, int headerSize) {

		/**
		 * The header at {@code position} of {@code buffer} (which holds at least 8 bytes
		 * there) of a box that has {@code available} bytes up to the end of its parent or
		 * file; null when the box is cut off or its size is not possible.
		 */
		static Header at(ByteBuffer buffer, int position, long available) {
			long size = buffer.getInt(position) & 0xFFFFFFFFL;
			int headerSize = 8;
			if (size == 1) {
				if (position + 16 > buffer.limit()) {
					return null;
				}
				size = buffer.getLong(position + 8);
				headerSize = 16;
			}
			else if (size == 0) {
				size = available;
			}
			if (size < headerSize || size > available) {
				return null;
			}
			return new Header(Boxes.type(buffer, position), size, headerSize);
		}

	}

	/** The type of the box at {@code position}. */
	static String type(ByteBuffer buffer, int position) {
		byte[] type = new byte[4];
		buffer.get(position + 4, type);
		return new String(type, StandardCharsets.ISO_8859_1);
	}

	/** The payload of the first box of each type of the path, one inside the other. */
	static ByteBuffer descend(ByteBuffer parent, String... path) {
		ByteBuffer current = parent;
		for (int i = 0; i < path.length && current != null; i++) {
			current = child(current, path[i]);
		}
		return current;
	}

	/** The payload of the first direct child of the given type, or null. */
	static ByteBuffer child(ByteBuffer parent, String type) {
		List<ByteBuffer> found = children(parent, type);
		return found.isEmpty() ? null : found.get(0);
	}

	/** The payloads of the direct children of the given type. */
	static List<ByteBuffer> children(ByteBuffer parent, String type) {
		List<ByteBuffer> found = new ArrayList<>();
		int position = parent.position();
		while (position + 8 <= parent.limit()) {
			Header header = Header.at(parent, position, parent.limit() - position);
			if (header == null) {
				break;
			}
			if (type.equals(header.type())) {
				found.add(parent.slice(position + header.headerSize(), (int) header.size() - header.headerSize()));
			}
			position += (int) header.size();
		}
		return found;
	}

	/**
	 * Up to {@code length} bytes of {@code file} from {@code position}: fewer where the
	 * file ends first.
	 */
	static ByteBuffer read(FileChannel file, long position, int length) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(length);
		while (buffer.hasRemaining()) {
			if (file.read(buffer, position + buffer.position()) < 0) {
				break;
			}
		}
		return buffer.flip();
	}

}
