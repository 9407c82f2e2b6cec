import dev.eddy.jfr.MessageEvent;
import dev.eddy.jfr.MessageReceivedEvent;
import dev.eddy.jfr.MessageSentEvent;
import dev.eddy.jfr.PpsppEvents;
import java.nio.file.Path;
import java.time.Duration;
import jdk.jfr.Recording;

/** Writes a recording of N per-message events (half DATA received, half ACK sent, 8 peers) for report-speed.sh. */
public class LargeRecording {
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int events = Integer.parseInt(args[1]);
    PpsppEvents.register();
    try (Recording r = new Recording()) {
      r.enable("dev.eddy.ppspp.MessageReceived").withThreshold(Duration.ZERO).withoutStackTrace();
      r.enable("dev.eddy.ppspp.MessageSent").withThreshold(Duration.ZERO).withoutStackTrace();
      r.start();
      for (int i = 0; i < events; i++) {
        MessageEvent e = i % 2 == 0 ? new MessageReceivedEvent() : new MessageSentEvent();
        e.messageType = i % 2 == 0 ? "DATA" : "ACK";
        e.localChannel = 0x1234;
        e.remoteChannel = 0x4321;
        e.remoteAddress = "127.0.0.1:" + (7000 + i % 8);
        e.swarmId = "651258d87cf77ea7b3e5dd7833df8c70a306f1df";
        e.chunkStart = i;
        e.chunkEnd = i;
        e.datagramBytes = 1045;
        e.commit();
      }
      r.stop();
      r.dump(file);
    }
  }
}
