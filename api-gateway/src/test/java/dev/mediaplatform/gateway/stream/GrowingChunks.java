package dev.mediaplatform.gateway.stream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Chunk files as the recorder writes them, box by box (a video track at 90 kHz and
 * one-second fragments, each of 100 bytes of media data after its {@code moof}), for what
 * the gateway reads of them.
 */
final class GrowingChunks {

	private GrowingChunks() {
	}

	/** {@code ftyp} and {@code moov}, then {@code fragments} complete fragments. */
	static byte[] chunk(int fragments) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(box("ftyp", concat(ascii("isom"), int32(0), ascii("isomiso6"))));
		byte[] stsd = box("stsd", concat(new byte[4], int32(1), box("avc1", new byte[16])));
		byte[] trak = box("trak",
				concat(box("tkhd", concat(new byte[12], int32(1), new byte[64])),
						box("mdia",
								concat(box("mdhd", concat(new byte[12], int32(90_000), new byte[8])),
										box("hdlr", concat(new byte[8], ascii("vide"), new byte[13])),
										box("minf", box("stbl", stsd))))));
		byte[] mvex = box("mvex",
				box("trex", concat(new byte[4], int32(1), int32(1), int32(3000), int32(0), int32(0x10000))));
		out.writeBytes(box("moov", concat(trak, mvex)));
		for (int i = 0; i < fragments; i++) {
			byte[] tfhd = box("tfhd", concat(int32(0x020000), int32(1)));
			byte[] tfdt = box("tfdt", concat(int32(0x01000000), ByteBuffer.allocate(8).putLong(i * 90_000L).array()));
			byte[] trun = box("trun", concat(int32(0x000004), int32(30), int32(0x02000000)));
			out.writeBytes(box("moof",
					concat(box("mfhd", concat(new byte[4], int32(i + 1))), box("traf", concat(tfhd, tfdt, trun)))));
			byte[] media = new byte[100];
			java.util.Arrays.fill(media, (byte) (i + 1));
			out.writeBytes(box("mdat", media));
		}
		return out.toByteArray();
	}

	private static byte[] box(String type, byte[] payload) {
		return concat(int32(8 + payload.length), ascii(type), payload);
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	private static byte[] int32(int value) {
		return ByteBuffer.allocate(4).putInt(value).array();
	}

	private static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
