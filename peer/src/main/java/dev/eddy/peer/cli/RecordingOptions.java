package dev.eddy.peer.cli;

import dev.eddy.jfr.FlightRecording;
import dev.eddy.jfr.RecordingProfile;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --record FILE.jfr [--record-settings default|messages]} for {@code seed} and {@code get}: a flight
 * recording of this run with the JDK's default settings plus ours, written when the JVM exits (normal end,
 * failure exit or Ctrl-C).
 */
public final class RecordingOptions {
  @Option(names = "--record", paramLabel = "FILE.jfr",
      description = "Record this run with the JDK Flight Recorder into FILE.jfr (written on exit, also on Ctrl-C).")
  Path file;

  @Option(names = "--record-settings", paramLabel = "PROFILE", defaultValue = "default", converter = ProfileConverter.class,
      description = "What --record records besides the JDK's default events: default (channels, failures, drops, "
          + "statistics every second) or messages (also every message sent and received). Default: ${DEFAULT-VALUE}.")
  RecordingProfile profile;

  /** Starts the recording if {@code --record} was given; the flight recorder writes it when the JVM exits. */
  public void startIfRequested() {
    if (file == null) {
      return;
    }
    FlightRecording recording;
    try {
      recording = FlightRecording.start(file, profile); // left running: the flight recorder writes it at exit
    } catch (IllegalArgumentException e) {
      throw new UserError(ExitCodes.USAGE, "--record: " + e.getMessage());
    }
    System.err.println("eddy: recording to " + recording.file() + " (" + profile.fileName() + "), written on exit");
  }

  static final class ProfileConverter implements ITypeConverter<RecordingProfile> {
    @Override
    public RecordingProfile convert(String value) {
      try {
        return RecordingProfile.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected default or messages, not '" + value + "'");
      }
    }
  }
}
