package dev.eddy.dashboards.analysis;

/** How to record what a report finds missing: one line each, with the command to run. */
final class RecordingHints {
  static final String ANY_PPSPP = "record a transfer with eddy seed|get ... --record FILE.jfr, or start the peer's"
      + " JVM with -XX:StartFlightRecording:settings=default,settings=ppspp.jfc,filename=FILE.jfr"
      + " (jcmd PID JFR.start settings=ppspp.jfc filename=FILE.jfr on a running peer)";
  static final String MESSAGES = "per-message events are off by default: record with --record FILE.jfr"
      + " --record-settings messages, or with ppspp-messages.jfc instead of ppspp.jfc";
  static final String PERIODIC = "periodic statistics come with ppspp.jfc (period 1 s); record with"
      + " settings=default,settings=ppspp.jfc while the peer runs";
  static final String TRACE = "load the tracing agent with the jfr sink while the recording runs, e.g."
      + " bin/eddy trace PID 'trace:dev.eddy.peer.**,limit:1000,return,sink:jfr'";

  private RecordingHints() {}
}
