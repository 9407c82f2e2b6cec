package dev.eddy.jfr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/**
 * A recording of this JVM with the JDK's default settings plus one of ours, written to a file when it is
 * closed or, if it is still running, by the flight recorder's own exit hook (normal exit,
 * {@code System.exit}, Ctrl-C): what {@code eddy seed|get --record FILE.jfr} runs. Do not close it from
 * another shutdown hook: two hooks writing the same recording at once leave an empty file.
 */
public final class FlightRecording implements AutoCloseable {
  private final Recording recording;
  private final Path file;

  private FlightRecording(Recording recording, Path file) {
    this.recording = recording;
    this.file = file;
  }

  /**
   * Starts recording now.
   *
   * @throws IllegalArgumentException with a one-line reason when the file cannot be written
   */
  public static FlightRecording start(Path file, RecordingProfile profile) {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("cannot record to " + file + ": directory " + dir + " does not exist");
    }
    if (Files.isDirectory(absolute) || (Files.exists(absolute) && !Files.isWritable(absolute)) || !Files.isWritable(dir)) {
      throw new IllegalArgumentException("cannot record to " + file + ": not a writable file");
    }
    PpsppEvents.register();
    Recording recording = new Recording(profile.settingsWithJdkDefault());
    recording.setName("eddy " + profile.fileName());
    recording.setToDisk(true);
    recording.setDumpOnExit(true);
    try {
      recording.setDestination(absolute);
    } catch (IOException e) {
      recording.close();
      throw new IllegalArgumentException("cannot record to " + file + ": " + e.getMessage(), e);
    }
    recording.start();
    return new FlightRecording(recording, absolute);
  }

  /** Where the recording is written. */
  public Path file() {
    return file;
  }

  /** Stops the recording and writes the file; does nothing if the JVM's exit already wrote it. */
  @Override
  public synchronized void close() {
    try {
      if (recording.getState() == RecordingState.RUNNING) {
        recording.stop();
      }
    } catch (IllegalStateException alreadyStopped) {
      // JFR's own exit hook stopped it (and wrote the file) between our check and stop().
    }
    recording.close();
  }
}
