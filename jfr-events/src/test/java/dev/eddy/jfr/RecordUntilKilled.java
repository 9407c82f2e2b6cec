package dev.eddy.jfr;

import java.nio.file.Path;

/** A child JVM for {@link FlightRecordingIT}: records, commits events, says so, and waits to be killed. */
public final class RecordUntilKilled {
  private RecordUntilKilled() {}

  public static void main(String[] args) throws Exception {
    FlightRecording.start(Path.of(args[0]), RecordingProfile.MESSAGES); // never closed: the JVM's exit writes it
    Samples.commitOneOfEach();
    System.out.println("recording");
    System.out.flush();
    Thread.sleep(60_000);
  }
}
