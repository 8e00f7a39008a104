/**
 * The media engine on FFmpeg's libraries (bytedeco), in this JVM: the only package of the
 * worker that touches native code. The rest of the worker reaches it only through
 * {@link dev.mediaplatform.worker.media.MediaEngine}; {@link FfmpegEngine} is public for
 * the bean that constructs it, everything else here is package-private. It writes through
 * the folder classes of {@code media} ({@code HlsFolder}, {@code RecordingFolder}), which
 * hold the file rules and touch no native code.
 */
package dev.mediaplatform.worker.media.ffmpeg;
