package dev.eddy.jfr;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Map;
import jdk.jfr.Configuration;

/** Our two settings files: {@code ppspp.jfc} (no per-message events) and {@code ppspp-messages.jfc}. */
public enum RecordingProfile {
  /** Channels, failures, drops and periodic statistics. */
  DEFAULT("ppspp.jfc"),
  /** Everything in {@link #DEFAULT} plus every message sent and received and every verified chunk. */
  MESSAGES("ppspp-messages.jfc");

  private final String fileName;

  RecordingProfile(String fileName) {
    this.fileName = fileName;
  }

  /** The settings file's name, e.g. {@code ppspp.jfc}; it lives beside this class as a resource. */
  public String fileName() {
    return fileName;
  }

  /** Our settings file, parsed. */
  public Configuration configuration() {
    try (InputStream in = RecordingProfile.class.getResourceAsStream(fileName)) {
      if (in == null) {
        throw new IllegalStateException("settings resource missing from the jar: " + fileName);
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return Configuration.create(reader);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + fileName, e);
    } catch (ParseException e) {
      throw new IllegalStateException("malformed " + fileName + ": " + e.getMessage(), e);
    }
  }

  /**
   * The JDK's {@code default} settings with ours on top, the same combination as
   * {@code -XX:StartFlightRecording:settings=default,settings=ppspp.jfc}.
   */
  public Map<String, String> settingsWithJdkDefault() {
    try {
      Map<String, String> settings = new HashMap<>(Configuration.getConfiguration("default").getSettings());
      settings.putAll(configuration().getSettings());
      return settings;
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("the JDK's default.jfc cannot be read: " + e.getMessage(), e);
    }
  }
}
