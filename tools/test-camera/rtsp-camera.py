#!/usr/bin/python3
"""A real RTSP camera for tests and demos: GStreamer's RTSP server with a test picture.

Every mount point (/cam1 .. /camN) shows the same live picture, encoded once: all mounts use
one shared media factory whose media key ignores the path, so N cameras cost one encoder,
and nothing is encoded while no client watches. The wall-clock time is burnt into the
picture (HH:MM:SS.micro, from the capture time of each frame) for latency checks.

Prints exactly one line "READY rtsp://<address>:<port>/cam1" on stdout once it listens, and
exits cleanly on SIGTERM/SIGINT. A missing module or element: one line naming the Debian
package to install, exit code 3. --check only reports what is missing (exit 0 or 1).
"""

import argparse
import os
import signal
import sys

# What each piece needs, as Debian 12 packages it; tools/test-camera/install installs them.
MODULES = {
    "gi": "python3-gi",
    "Gst": "gir1.2-gstreamer-1.0",
    "GstRtspServer": "gir1.2-gst-rtsp-server-1.0",
}
ELEMENTS = {
    "videotestsrc": "gstreamer1.0-plugins-base",
    "timeoverlay": "gstreamer1.0-x",
    "x264enc": "gstreamer1.0-plugins-ugly",
    "rtph264pay": "gstreamer1.0-plugins-good",
    "x265enc": "gstreamer1.0-plugins-bad",
    "rtph265pay": "gstreamer1.0-plugins-good",
    "jpegenc": "gstreamer1.0-plugins-good",
    "rtpjpegpay": "gstreamer1.0-plugins-good",
}
AUDIO_ELEMENTS = {
    "audiotestsrc": "gstreamer1.0-plugins-base",
    "voaacenc": "gstreamer1.0-plugins-bad",
    "rtpmp4gpay": "gstreamer1.0-plugins-good",
}
CODEC_ELEMENTS = {
    "h264": ("x264enc", "rtph264pay"),
    "h265": ("x265enc", "rtph265pay"),
    "mjpeg": ("jpegenc", "rtpjpegpay"),
}
EXIT_MISSING = 3

# Loaded by main() once it is known that they are there.
GLib = Gst = GstRtspServer = None
# The shared media, prepared once for the life of the server (see keep_prepared).
KEPT_MEDIA = []


def parse_args():
    parser = argparse.ArgumentParser(description="A test RTSP camera (GStreamer RTSP server).")
    parser.add_argument("--port", type=int, default=8554, help="0 picks a free port (printed in READY)")
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--mounts", type=int, default=1, help="serve /cam1 .. /camN")
    parser.add_argument("--codec", choices=sorted(CODEC_ELEMENTS), default="h264")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=720)
    parser.add_argument("--fps", type=int, default=25, help="also the GOP length: one key frame a second")
    parser.add_argument("--bitrate", type=int, default=1500, help="kbit/s")
    parser.add_argument("--pattern", default="ball", help="videotestsrc pattern (ball, smpte, ...)")
    parser.add_argument("--audio", action="store_true", help="add an AAC track (voaacenc)")
    parser.add_argument("--user", help="require RTSP basic auth with this user")
    parser.add_argument("--password", help="password of --user")
    parser.add_argument("--exit-on-stdin-eof", action="store_true",
                        help="exit when standard input closes (the parent process is gone)")
    parser.add_argument("--check", action="store_true",
                        help="only report missing modules and elements (all codecs and audio), exit 0 or 1")
    args = parser.parse_args()
    if args.mounts < 1 or args.fps < 1 or args.width < 16 or args.height < 16 or args.bitrate < 1:
        parser.error("--mounts, --fps, --bitrate must be positive, --width/--height at least 16")
    if (args.user is None) != (args.password is None):
        parser.error("--user and --password go together")
    if not 0 <= args.port <= 65535:
        parser.error("--port must be 0..65535")
    return args


def missing_pieces(elements):
    """(what, Debian package) for every module or element that cannot be loaded."""
    try:
        import gi
    except ImportError:
        return [("python module gi", MODULES["gi"])]
    missing = []
    for namespace in ("Gst", "GstRtspServer"):
        try:
            gi.require_version(namespace, "1.0")
        except ValueError:
            missing.append(("typelib " + namespace + "-1.0", MODULES[namespace]))
    if missing:
        return missing
    from gi.repository import Gst
    Gst.init(None)
    for name, package in elements.items():
        if Gst.ElementFactory.find(name) is None:
            missing.append(("GStreamer element " + name, package))
    return missing


def check_all():
    missing = missing_pieces({**ELEMENTS, **AUDIO_ELEMENTS})
    for what, package in missing:
        print("missing %s (Debian package %s)" % (what, package))
    return 1 if missing else 0


def fail_if_missing(args):
    needed = {name: ELEMENTS[name] for name in ("videotestsrc", "timeoverlay") + CODEC_ELEMENTS[args.codec]}
    if args.audio:
        needed.update(AUDIO_ELEMENTS)
    missing = missing_pieces(needed)
    if missing:
        packages = sorted({package for _, package in missing})
        print("rtsp-camera: missing %s: install the Debian package%s %s (tools/test-camera/install does)"
              % (", ".join(what for what, _ in missing), "s" if len(packages) > 1 else "", " ".join(packages)),
              flush=True)
        sys.exit(EXIT_MISSING)


def launch_line(args):
    caps = "video/x-raw,format=I420,width=%d,height=%d,framerate=%d/1" % (args.width, args.height, args.fps)
    encoder = {
        "h264": "x264enc tune=zerolatency speed-preset=ultrafast bitrate=%d key-int-max=%d "
                "! rtph264pay pt=96 config-interval=1 name=pay0",
        "h265": "x265enc tune=zerolatency speed-preset=ultrafast bitrate=%d key-int-max=%d "
                "! rtph265pay pt=96 config-interval=1 name=pay0",
        # Cheap cameras still send Motion JPEG: every frame a key frame, no bitrate knob.
        "mjpeg": "jpegenc quality=70 %.0s%.0s! rtpjpegpay pt=26 name=pay0",
    }[args.codec] % (args.bitrate, args.fps)
    video = ("videotestsrc is-live=true pattern=%s ! %s "
             "! timeoverlay name=clock time-mode=running-time show-times-as-dates=true "
             "datetime-format=\"%%H:%%M:%%S.%%f\" halignment=left valignment=top font-desc=\"Sans 32\" "
             "! %s" % (args.pattern, caps, encoder))
    if args.audio:
        video += (" audiotestsrc is-live=true wave=sine volume=0.2 ! audio/x-raw,rate=48000,channels=1 "
                  "! voaacenc bitrate=64000 ! rtpmp4gpay pt=97 name=pay1")
    return "( " + video + " )"


def main():
    args = parse_args()
    if args.check:
        sys.exit(check_all())
    fail_if_missing(args)

    global GLib, Gst, GstRtspServer
    import gi
    gi.require_version("Gst", "1.0")
    gi.require_version("GstRtspServer", "1.0")
    from gi.repository import GLib, Gst, GstRtspServer

    Gst.init(None)
    # Pipelines run on the wall clock, so base time + a frame's running time is the
    # wall-clock time of its capture, which timeoverlay then prints.
    Gst.SystemClock.obtain().set_property("clock-type", Gst.ClockType.REALTIME)

    class SharedFactory(GstRtspServer.RTSPMediaFactory):
        """One media (one encoder) for every mount: the default key is the URL's path."""

        def do_gen_key(self, url):
            return "shared"

    factory = SharedFactory()
    factory.set_launch(launch_line(args))
    factory.set_shared(True)
    factory.connect("media-configure", on_media_configure)

    server = GstRtspServer.RTSPServer()
    server.set_address(args.address)
    server.set_service(str(args.port))
    if args.user is not None:
        enable_basic_auth(server, factory, args.user, args.password)
    mounts = server.get_mount_points()
    for index in range(1, args.mounts + 1):
        mounts.add_factory("/cam%d" % index, factory)

    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        print("rtsp-camera: cannot listen on %s:%d (in use?)" % (args.address, args.port), flush=True)
        sys.exit(1)
    GLib.timeout_add_seconds(1, housekeeping, server)

    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_HIGH, signum, quit_loop, loop)
    if args.exit_on_stdin_eof:
        GLib.io_add_watch(GLib.IOChannel.unix_new(sys.stdin.fileno()), GLib.PRIORITY_DEFAULT,
                          GLib.IOCondition.IN | GLib.IOCondition.HUP | GLib.IOCondition.ERR, stdin_closed, loop)

    host = "127.0.0.1" if args.address in ("0.0.0.0", "::") else args.address
    print("READY rtsp://%s:%d/cam1" % (host, server.get_bound_port()), flush=True)
    loop.run()


def enable_basic_auth(server, factory, user, password):
    """Only the given user may see and start the media; anyone else gets 401."""
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string("media.factory.role", "camera-user")
    auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
    server.set_auth(auth)
    permissions = GstRtspServer.RTSPPermissions()
    permissions.add_permission_for_role("camera-user", "media.factory.access", True)
    permissions.add_permission_for_role("camera-user", "media.factory.construct", True)
    factory.set_permissions(permissions)


def on_media_configure(factory, media):
    media.connect("prepared", keep_prepared)
    follow_base_time(media)


def keep_prepared(media):
    """Holds one more preparation of the shared media, so that it is never unprepared.

    Otherwise the last client to leave unprepares it, and a client that arrives while the
    pipeline shuts down gets 503 (the factory still hands out the media being unprepared).
    The price: the encoder runs while nobody watches, as a real camera's does. (Pausing it
    behind the server's back left later clients with 503 or no data.)
    """
    if media not in KEPT_MEDIA:
        KEPT_MEDIA.append(media)
        media.prepare(None)


def follow_base_time(media):
    """Sets the overlay's epoch to the pipeline's base time whenever the pipeline plays."""
    clock = media.get_element().get_by_name("clock")
    if clock is None:
        return
    sink = clock.get_static_pad("video_sink")
    state = {"base": None}

    def on_buffer(pad, info):
        base = clock.get_base_time()
        if base != state["base"]:
            state["base"] = base
            epoch = GLib.DateTime.new_from_unix_local(base // Gst.SECOND)
            clock.set_property("datetime-epoch", epoch.add((base % Gst.SECOND) // Gst.USECOND))
        return Gst.PadProbeReturn.OK

    sink.add_probe(Gst.PadProbeType.BUFFER, on_buffer)


def housekeeping(server):
    """Every second: drops sessions of clients that vanished without TEARDOWN (after their
    timeout)."""
    server.get_session_pool().cleanup()
    return True


def quit_loop(loop):
    loop.quit()
    return False


def stdin_closed(channel, condition, loop):
    if condition & (GLib.IOCondition.HUP | GLib.IOCondition.ERR) or not os.read(channel.unix_get_fd(), 4096):
        loop.quit()
        return False
    return True


if __name__ == "__main__":
    main()
