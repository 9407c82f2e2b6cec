package dev.eddy.dashboards.analysis;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the per-message events ({@code MessageSent}, {@code MessageReceived}) of a recording straight from the
 * file, in file order, without {@code jdk.jfr.consumer}: they are 99 % of a large recording, and the JDK's
 * parser boxes every field of every event and offers no read by field index, so reading a million of them cost
 * three times what {@code jfr summary} takes for the whole file. The format is the JDK's (chunks, the metadata
 * event that lays out each type, constant pools in checkpoint events, LEB128 integers); only what these two
 * event types need is decoded, and the pools only as far as finding their strings. The other events are left to
 * {@code jdk.jfr.consumer}, which skips these two unparsed.
 */
final class MessageEventReader {
  private static final int HEADER_SIZE = 68;
  private static final long METADATA_TYPE = 0;
  private static final long CHECKPOINT_TYPE = 1;

  /** What is done with each message event read. */
  interface Sink {
    void message(String typeName, RecordedMessage m, long startNanos);
  }

  /** A field as the metadata declares it. */
  private record Field(String name, long classId, boolean constantPool, boolean array) {}

  private record ClassType(String name, List<Field> fields) {}

  /** Where the fields the reports use sit in a message event type, and how to read the others. */
  private static final class Layout {
    static final byte NUMBER = 0;
    static final byte TEXT = 1;
    static final byte OTHER = 2;
    final String typeName;
    final boolean sent;
    final Field[] fields;
    /** How each field is read: a number kept, a string kept, or skipped. */
    final byte[] kinds;
    int startTime = -1;
    int duration = -1;
    int messageType = -1;
    int swarmId = -1;
    int remoteAddress = -1;
    int localChannel = -1;
    int remoteChannel = -1;
    int chunkStart = -1;
    int chunkEnd = -1;

    Layout(String typeName, boolean sent, List<Field> fields) {
      this.typeName = typeName;
      this.sent = sent;
      this.fields = fields.toArray(Field[]::new);
      this.kinds = new byte[this.fields.length];
    }
  }

  /** Thrown when a recording is not laid out as this reader expects: the caller reads it the JDK's way. */
  static final class UnexpectedLayout extends Exception {
    UnexpectedLayout(String message) {
      super(message, null, false, false);
    }
  }

  /** What a chunk's metadata and constant pools say; chunks that share the metadata share the types. */
  private record Chunk(long offset, int size, Map<Long, ClassType> classes, Map<Long, Layout> layouts,
      Map<Long, String> pooledStrings) {}

  private Map<Long, ClassType> classes = new HashMap<>();
  private Map<Long, String> pooledStrings = new HashMap<>();
  private Map<Long, Layout> layouts = new HashMap<>();
  private long metadataId = -1;
  /** Event type names by ID, as the metadata declares them. */
  private final Map<Long, String> eventTypes = new HashMap<>();
  /** Recently decoded inline strings: message events repeat a few addresses and types a million times. */
  private final String[] recent = new String[256];
  /**
   * Pooled strings by value, across chunks: each chunk pools its strings anew, and the same instance in every
   * chunk turns the reports' per-event map lookups into identity checks (a swarm ID is 40 characters to compare).
   */
  private final Map<String, String> canonical = new HashMap<>();
  /** Where {@link #chars} decodes. */
  private char[] scratch = new char[64];
  /** The chunk being read, whole (plain array reads are what makes this fast), and the read position in it. */
  private byte[] in;
  private int limit;
  private int pos;
  private long startNanos;
  private long startTicks;
  private double ticksDivisor;

  private MessageEventReader() {}

  /**
   * Reads every {@code MessageSent} and {@code MessageReceived} event of {@code file} into {@code sink}, in file
   * order. Checks the layout of every chunk before it hands over any event.
   *
   * @return the names of the event types the file declares, by type ID
   * @throws UnexpectedLayout when the file uses a layout this reader does not know (nothing was handed over)
   * @throws IOException when the file cannot be read or is not a well-formed recording
   */
  static Map<Long, String> read(Path file, Sink sink) throws IOException, UnexpectedLayout {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      MessageEventReader reader = new MessageEventReader();
      List<Chunk> chunks = reader.validatedChunks(channel);
      try {
        for (Chunk chunk : chunks) {
          reader.classes = chunk.classes();
          reader.layouts = chunk.layouts();
          reader.pooledStrings = chunk.pooledStrings();
          reader.load(channel, chunk.offset(), chunk.size());
          reader.readChunk(sink);
        }
        return reader.eventTypes;
      } catch (UnexpectedLayout e) {
        // Events were handed over already: too late to let the JDK's parser start again.
        throw new IOException(file + ": " + e.getMessage(), e);
      }
    } catch (IndexOutOfBoundsException e) {
      throw new IOException(file + ": an event runs past the end of its chunk (" + e + ")", e);
    }
  }

  /**
   * The file's chunks, each with its header, metadata and constant pools read once. Anything unexpected there
   * (an unfinished or foreign file too) is left to the JDK's parser, whose messages users know.
   */
  private List<Chunk> validatedChunks(FileChannel channel) throws IOException, UnexpectedLayout {
    List<Chunk> chunks = new ArrayList<>();
    long size = channel.size();
    if (size < HEADER_SIZE) {
      throw new UnexpectedLayout("shorter than a chunk header");
    }
    try {
      for (long at = 0; at < size; ) {
        ByteBuffer header = channel.map(FileChannel.MapMode.READ_ONLY, at, Math.min(HEADER_SIZE, size - at));
        if (header.limit() < HEADER_SIZE || header.getInt(0) != 0x464c5200 || header.getShort(4) != 2) {
          throw new UnexpectedLayout("no chunk header of version 2 at byte " + at);
        }
        long chunkSize = header.getLong(8);
        if (chunkSize < HEADER_SIZE || chunkSize > size - at || chunkSize > Integer.MAX_VALUE
            || header.getLong(56) < 1_000_000_000L) {
          throw new UnexpectedLayout("the chunk at byte " + at + " is unfinished or too large");
        }
        load(channel, at, (int) chunkSize);
        readMetadata();
        readConstantPools(header.getLong(16));
        chunks.add(new Chunk(at, (int) chunkSize, classes, layouts, pooledStrings));
        at += chunkSize;
      }
    } catch (IOException | RuntimeException e) {
      throw new UnexpectedLayout(e.toString());
    }
    return chunks;
  }

  /** Reads a chunk into {@link #in}, reused from chunk to chunk (they are megabytes each). */
  private void load(FileChannel channel, long offset, int size) throws IOException {
    if (in == null || in.length < size) {
      in = new byte[size];
    }
    ByteBuffer target = ByteBuffer.wrap(in, 0, size);
    while (target.hasRemaining()) {
      if (channel.read(target, offset + target.position()) < 0) {
        throw new IOException("the file ended inside a chunk");
      }
    }
    limit = size;
  }

  private void readChunk(Sink sink) throws IOException, UnexpectedLayout {
    byte[] chunk = in;
    if (ticksDivisor == 0) {
      // As the JDK converts ticks (jdk.jfr.internal.consumer.TimeConverter), so times match its parser's exactly:
      // with the first chunk's start and rate for every chunk of the file, and an integral divisor.
      ByteBuffer header = ByteBuffer.wrap(chunk, 0, HEADER_SIZE);
      startNanos = header.getLong(32);
      startTicks = header.getLong(48);
      ticksDivisor = header.getLong(56) / 1_000_000_000L;
    }
    int end = limit;
    int at = HEADER_SIZE;
    long[] values = new long[16];
    String[] texts = new String[16];
    // The two message types by ID, scanned: a map lookup would box every event's type ID.
    long[] layoutIds = new long[layouts.size()];
    Layout[] layoutsById = new Layout[layouts.size()];
    int n = 0;
    for (Map.Entry<Long, Layout> e : layouts.entrySet()) {
      layoutIds[n] = e.getKey();
      layoutsById[n++] = e.getValue();
    }
    while (at < end) {
      pos = at;
      long size = varint();
      if (size <= 0 || size > end - at) {
        throw new IOException("an event at byte " + at + " of a chunk has a bad size (" + size + ")");
      }
      long type = varint();
      for (int i = 0; i < n; i++) {
        if (layoutIds[i] == type) {
          readEvent(layoutsById[i], values, texts, sink);
          break;
        }
      }
      at += (int) size;
    }
  }

  private void readEvent(Layout l, long[] values, String[] texts, Sink sink) throws IOException, UnexpectedLayout {
    byte[] kinds = l.kinds;
    for (int i = 0; i < kinds.length; i++) {
      switch (kinds[i]) {
        case Layout.NUMBER -> values[i] = varint();
        case Layout.TEXT -> texts[i] = string();
        default -> skipField(l.fields[i]);
      }
    }
    long begin = values[l.startTime];
    long duration = l.duration < 0 ? 0 : values[l.duration];
    RecordedMessage m = new RecordedMessage(l.sent, nanos(begin + duration), texts[l.messageType],
        texts[l.swarmId], texts[l.remoteAddress], values[l.localChannel], values[l.remoteChannel],
        values[l.chunkStart], values[l.chunkEnd]);
    sink.message(l.typeName, m, nanos(begin));
  }

  private long nanos(long ticks) {
    return startNanos + (long) ((ticks - startTicks) / ticksDivisor);
  }

  // ---- metadata -----------------------------------------------------------------------------------------

  /** An element of the metadata event's tree. */
  private record Element(String name, Map<String, String> attributes, List<Element> children) {}

  private void readMetadata() throws IOException, UnexpectedLayout {
    int metadataAt = checkedOffset(ByteBuffer.wrap(in, 0, HEADER_SIZE).getLong(24), "metadata");
    pos = metadataAt;
    varint(); // size
    if (varint() != METADATA_TYPE) {
      throw new IOException("no metadata event where the chunk header says (byte " + metadataAt + ")");
    }
    varint(); // start time
    varint(); // duration
    long version = varint();
    if (version == metadataId) {
      return; // as the chunk before: the JDK writes the metadata anew in each chunk
    }
    metadataId = version;
    int count = (int) varint();
    String[] strings = new String[count];
    for (int i = 0; i < count; i++) {
      strings[i] = string();
    }
    Element root = element(strings);
    classes = new HashMap<>();
    layouts = new HashMap<>();
    for (Element metadata : root.children()) {
      if (!metadata.name().equals("metadata")) {
        continue;
      }
      for (Element type : metadata.children()) {
        if (!type.name().equals("class")) {
          continue;
        }
        List<Field> fields = new ArrayList<>();
        for (Element f : type.children()) {
          if (f.name().equals("field")) {
            fields.add(new Field(f.attributes().get("name"), Long.parseLong(f.attributes().get("class")),
                f.attributes().containsKey("constantPool"),
                Long.parseLong(f.attributes().getOrDefault("dimension", "0")) > 0));
          }
        }
        long typeId = Long.parseLong(type.attributes().get("id"));
        classes.put(typeId, new ClassType(type.attributes().get("name"), fields));
        if ("jdk.jfr.Event".equals(type.attributes().get("superType"))) {
          eventTypes.put(typeId, type.attributes().get("name"));
        }
      }
    }
    classes.forEach((id, c) -> {
      if (c.name().equals(EventTypes.MESSAGE_SENT) || c.name().equals(EventTypes.MESSAGE_RECEIVED)) {
        layouts.put(id, new Layout(c.name(), c.name().equals(EventTypes.MESSAGE_SENT), c.fields()));
      }
    });
    for (Layout l : layouts.values()) {
      for (int i = 0; i < l.fields.length; i++) {
        Field f = l.fields[i];
        String type = classes.containsKey(f.classId()) ? classes.get(f.classId()).name() : "?";
        boolean integer = !f.constantPool() && !f.array() && isInteger(f.classId());
        boolean text = !f.array() && type.equals("java.lang.String");
        l.kinds[i] = integer ? Layout.NUMBER : Layout.OTHER;
        switch (f.name()) {
          case "startTime" -> l.startTime = integer ? i : -2;
          case "duration" -> l.duration = integer ? i : -2;
          case "messageType" -> {
            l.messageType = text ? i : -2;
            l.kinds[i] = text ? Layout.TEXT : Layout.OTHER;
          }
          case "swarmId" -> {
            l.swarmId = text ? i : -2;
            l.kinds[i] = text ? Layout.TEXT : Layout.OTHER;
          }
          case "remoteAddress" -> {
            l.remoteAddress = text ? i : -2;
            l.kinds[i] = text ? Layout.TEXT : Layout.OTHER;
          }
          case "localChannel" -> l.localChannel = integer ? i : -2;
          case "remoteChannel" -> l.remoteChannel = integer ? i : -2;
          case "chunkStart" -> l.chunkStart = integer ? i : -2;
          case "chunkEnd" -> l.chunkEnd = integer ? i : -2;
          default -> { }
        }
        if (!classes.containsKey(f.classId())) {
          throw new UnexpectedLayout(l.typeName + "." + f.name() + " has an undeclared type");
        }
      }
      if (l.startTime < 0 || l.duration == -2 || l.messageType < 0 || l.swarmId < 0 || l.remoteAddress < 0
          || l.localChannel < 0 || l.remoteChannel < 0 || l.chunkStart < 0 || l.chunkEnd < 0 || l.fields.length > 16) {
        throw new UnexpectedLayout(l.typeName + " has other fields than this reader knows");
      }
    }
  }

  private Element element(String[] strings) throws IOException {
    String name = strings[(int) varint()];
    int attributeCount = (int) varint();
    Map<String, String> attributes = new HashMap<>();
    for (int i = 0; i < attributeCount; i++) {
      attributes.put(strings[(int) varint()], strings[(int) varint()]);
    }
    int childCount = (int) varint();
    List<Element> children = new ArrayList<>(childCount);
    for (int i = 0; i < childCount; i++) {
      children.add(element(strings));
    }
    return new Element(name, attributes, children);
  }

  private int checkedOffset(long offset, String what) throws IOException {
    if (offset < HEADER_SIZE || offset >= limit) {
      throw new IOException("the chunk header's " + what + " offset (" + offset + ") is outside the chunk");
    }
    return (int) offset;
  }

  private boolean isInteger(long classId) {
    ClassType c = classes.get(classId);
    return c != null && switch (c.name()) {
      case "long", "int", "short", "char" -> true;
      default -> false;
    };
  }

  // ---- constant pools -----------------------------------------------------------------------------------

  /** Collects the chunk's pooled strings, following the checkpoint events back from the last one. */
  private void readConstantPools(long lastOffset) throws IOException, UnexpectedLayout {
    pooledStrings = new HashMap<>();
    long offset = lastOffset;
    for (int guard = 0; guard < 1_000_000; guard++) {
      int at = checkedOffset(offset, "constant pool");
      pos = at;
      long size = varint();
      if (varint() != CHECKPOINT_TYPE) {
        throw new IOException("no checkpoint event at byte " + at + " of a chunk");
      }
      varint(); // start time
      varint(); // duration
      long delta = varint();
      pos++; // flush or checkpoint kind
      int pools = (int) varint();
      for (int p = 0; p < pools; p++) {
        long classId = varint();
        ClassType type = classes.get(classId);
        if (type == null) {
          throw new UnexpectedLayout("constant pool of undeclared type " + classId);
        }
        int count = (int) varint();
        boolean strings = type.name().equals("java.lang.String");
        for (int i = 0; i < count; i++) {
          long key = varint();
          if (strings) {
            String s = string();
            pooledStrings.put(key, s == null ? null : canonical.computeIfAbsent(s, v -> v));
          } else {
            skipValue(classId, 0);
          }
        }
      }
      if (pos != at + size) {
        throw new IOException("the checkpoint event at byte " + at + " of a chunk is not as long as it says");
      }
      if (delta == 0) {
        return;
      }
      offset += delta;
    }
    throw new IOException("the checkpoint events of a chunk form a loop");
  }

  private void skipField(Field f) throws IOException, UnexpectedLayout {
    long n = f.array() ? varint() : 1;
    for (long i = 0; i < n; i++) {
      if (f.constantPool()) {
        varint();
      } else {
        skipValue(f.classId(), 1);
      }
    }
  }

  private void skipValue(long classId, int depth) throws IOException, UnexpectedLayout {
    ClassType c = classes.get(classId);
    if (c == null || depth > 32) {
      throw new UnexpectedLayout("a value of undeclared or too deeply nested type " + classId);
    }
    switch (c.name()) {
      case "boolean", "byte" -> pos++;
      case "short", "char", "int", "long" -> varint();
      case "float" -> pos += 4;
      case "double" -> pos += 8;
      case "java.lang.String" -> string();
      default -> {
        for (Field f : c.fields()) {
          long n = f.array() ? varint() : 1;
          for (long i = 0; i < n; i++) {
            if (f.constantPool()) {
              varint();
            } else {
              skipValue(f.classId(), depth + 1);
            }
          }
        }
      }
    }
  }

  // ---- primitives ---------------------------------------------------------------------------------------

  /** An unsigned LEB128 integer of up to 9 bytes, the last one whole (the JDK's RecordingInput.readLong). */
  private long varint() {
    byte[] b = in;
    int p = pos;
    long value = 0;
    for (int shift = 0; shift < 56; shift += 7) {
      byte x = b[p++];
      value |= (x & 0x7FL) << shift;
      if (x >= 0) {
        pos = p;
        return value;
      }
    }
    pos = p + 1;
    return value | ((b[p] & 0xFFL) << 56);
  }

  private String string() throws IOException {
    byte encoding = in[pos++];
    switch (encoding) {
      case 0:
        return null;
      case 1:
        return "";
      case 2: {
        long key = varint();
        String s = pooledStrings.get(key);
        if (s == null && !pooledStrings.containsKey(key)) {
          throw new IOException("a string refers to constant " + key + ", which no checkpoint holds");
        }
        return s;
      }
      case 3:
      case 5: {
        int length = (int) varint();
        if (length < 0 || length > limit - pos) {
          throw new IOException("a string of " + length + " bytes runs past its chunk");
        }
        return bytes(length, encoding == 5);
      }
      case 4: {
        int length = (int) varint();
        if (length < 0 || length > limit - pos) {
          throw new IOException("a string of " + length + " characters runs past its chunk");
        }
        return chars(length);
      }
      default:
        throw new IOException("unknown string encoding " + encoding);
    }
  }

  /**
   * A string of LEB128 characters (how the JDK writes short strings, such as peer addresses, inline), shared
   * with an equal one decoded recently (ASCII only) as {@link #bytes} does: a million of them otherwise cost
   * three arrays each.
   */
  private String chars(int length) {
    if (scratch.length < length) {
      scratch = new char[length];
    }
    char[] c = scratch;
    int hash = length;
    boolean ascii = true;
    for (int i = 0; i < length; i++) {
      c[i] = (char) varint();
      hash = 31 * hash + c[i];
      ascii &= c[i] < 0x80;
    }
    if (!ascii) {
      return new String(c, 0, length);
    }
    int slot = (hash ^ (hash >>> 8)) & (recent.length - 1);
    String s = recent[slot];
    if (s != null && s.length() == length) {
      int i = 0;
      while (i < length && s.charAt(i) == c[i]) {
        i++;
      }
      if (i == length) {
        return s;
      }
    }
    s = new String(c, 0, length);
    recent[slot] = s;
    return s;
  }

  /** A Latin-1 or UTF-8 string, shared with an equal one decoded recently (ASCII only). */
  private String bytes(int length, boolean latin1) {
    byte[] b = in;
    int at = pos;
    int hash = length;
    boolean ascii = true;
    for (int i = at; i < at + length; i++) {
      hash = 31 * hash + b[i];
      ascii &= b[i] >= 0;
    }
    pos = at + length;
    if (!ascii) {
      return new String(b, at, length, latin1 ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }
    int slot = (hash ^ (hash >>> 8)) & (recent.length - 1);
    String s = recent[slot];
    if (s != null && s.length() == length) {
      int i = 0;
      while (i < length && s.charAt(i) == b[at + i]) {
        i++;
      }
      if (i == length) {
        return s;
      }
    }
    s = new String(b, at, length, StandardCharsets.ISO_8859_1);
    recent[slot] = s;
    return s;
  }
}
