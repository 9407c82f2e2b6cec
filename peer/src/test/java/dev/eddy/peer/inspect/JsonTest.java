package dev.eddy.peer.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void escapesEverythingJsonRequiresAndReadsBack() {
    String nasty = "quote\" backslash\\ newline\n tab\t nul\u0000 bell\u0007 unit\u001f sep\u2028 é ✓";
    String json = new Fields().put("error", nasty).put("n", -5).putUnsigned("u", -1L).toJson();

    assertThat(json).doesNotContain("\n").contains("\\u0000").contains("\\u2028").contains("18446744073709551615");
    Map<String, Object> back = MiniJson.parseObject(json);
    assertThat(back.get("error")).isEqualTo(nasty);
    assertThat(back.get("n")).hasToString("-5");
  }

  @Test
  void nestsObjectsInInsertionOrder() {
    String json = new Fields().put("type", "HANDSHAKE").put("options", new Fields().put("version", 1).put("swarm_id", "ab")).toJson();
    assertThat(json).isEqualTo("{\"type\":\"HANDSHAKE\",\"options\":{\"version\":1,\"swarm_id\":\"ab\"}}");
  }
}
