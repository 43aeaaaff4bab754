package dev.warden.gateway.audit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * The segment the writer appends to: one file, its header written at creation, lines appended
 * in batches, sealed when rotated or at shutdown. The chain state (last hash, next sequence
 * number) moves forward only once a batch is written; after a failed write the file is cut
 * back to its last good length, so a retry writes the same lines again. Used by the writer
 * thread only.
 */
final class OpenSegment implements AutoCloseable {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private final long number;
  private final Path path;
  private final FileChannel channel;
  private final Instant created;
  private long bytes;
  private long records;
  private String lastHash;
  private long nextSeq;

  private OpenSegment(long number, Path path, FileChannel channel, Instant created, String lastHash, long nextSeq) {
    this.number = number;
    this.path = path;
    this.channel = channel;
    this.created = created;
    this.lastHash = lastHash;
    this.nextSeq = nextSeq;
  }

  /**
   * Creates segment {@code number} in {@code dir} and writes (and forces) its header, which
   * chains to {@code prev}, the last hash of the segment before (or {@link Chain#GENESIS}).
   * {@code recovered} describes a previous segment that was not sealed (the gateway stopped
   * without closing it); {@code broken}, the first problem of a previous segment that did not
   * verify when the gateway started.
   */
  static OpenSegment create(Path dir, long number, String prev, long nextSeq, Instant now,
      Optional<ObjectNode> recovered, Optional<ObjectNode> broken) throws IOException {
    Path path = dir.resolve(Segments.name(number));
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    OpenSegment s = new OpenSegment(number, path, ch, now, prev, nextSeq);
    ObjectNode h = F.objectNode();
    h.put("type", "segment");
    h.put("v", RecordJson.VERSION);
    h.put("segment", number);
    h.put("created", DateTimeFormatter.ISO_INSTANT.format(now));
    h.put("next_seq", nextSeq);
    h.put("prev", prev);
    recovered.ifPresent(r -> h.set("recovered", r));
    broken.ifPresent(b -> h.set("broken", b));
    try {
      Chain.Line line = Chain.line(h);
      s.write(ByteBuffer.wrap(line.bytes()));
      ch.force(true);
      s.lastHash = line.hash();
      s.bytes = line.bytes().length;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    return s;
  }

  long number() {
    return number;
  }

  Path path() {
    return path;
  }

  Instant created() {
    return created;
  }

  long bytes() {
    return bytes;
  }

  long records() {
    return records;
  }

  String lastHash() {
    return lastHash;
  }

  long nextSeq() {
    return nextSeq;
  }

  /** A record's canonical bytes (without hash) once its place in the chain is known. */
  @FunctionalInterface
  interface Renderer {
    byte[] render(long seq, String prev);
  }

  /** A batch being built: each record gets the next sequence number and chains to the one before. */
  final class Batch {
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(8192);
    private String hash = lastHash;
    private long seq = nextSeq;
    private long count;

    /** Renders the next record with its sequence number and the previous hash, chains it, returns its line. */
    Chain.Line add(Renderer render) {
      Chain.Line line = Chain.line(render.render(seq, hash));
      out.writeBytes(line.bytes());
      hash = line.hash();
      seq++;
      count++;
      return line;
    }

    boolean isEmpty() {
      return count == 0;
    }

    /**
     * Writes the batch (and forces it to disk when {@code force}); the chain moves on only if that
     * worked. Returns how long the force took, in nanoseconds (0 without one).
     */
    long write(boolean force) throws IOException {
      byte[] b = out.toByteArray();
      long forced = 0;
      try {
        OpenSegment.this.write(ByteBuffer.wrap(b));
        if (force) {
          long t0 = System.nanoTime();
          channel.force(false);
          forced = System.nanoTime() - t0;
        }
      } catch (IOException e) {
        cutBack();
        throw e;
      }
      bytes += b.length;
      records += count;
      lastHash = hash;
      nextSeq = seq;      return forced;
    }
  }

  Batch batch() {
    return new Batch();
  }

  /** Forces what was written to disk (the periodic fsync of async mode); how long it took, in nanoseconds. */
  long force() throws IOException {
    long t0 = System.nanoTime();
    channel.force(false);
    return System.nanoTime() - t0;
  }

  /**
   * Writes the seal (an HMAC over the segment number, its record count and its last hash),
   * forces and closes the file; returns the seal's hash, which the next segment chains to.
   */
  String seal(SealKey key, Instant now) throws IOException {
    ObjectNode s = F.objectNode();
    s.put("type", "seal");
    s.put("segment", number);
    s.put("records", records);
    s.put("last_seq", nextSeq - 1);
    s.put("last", lastHash);
    s.put("closed", DateTimeFormatter.ISO_INSTANT.format(now));
    s.put("key_id", key.id());
    s.put("hmac", key.seal(number, records, lastHash));
    s.put("prev", lastHash);
    Chain.Line line = Chain.line(s);
    try {
      write(ByteBuffer.wrap(line.bytes()));
      channel.force(true);
    } catch (IOException e) {
      cutBack();
      throw e;
    }
    bytes += line.bytes().length;
    lastHash = line.hash();
    channel.close();
    return lastHash;
  }

  private void write(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }

  /** After a failed write: drop whatever part of it reached the file. */
  private void cutBack() {
    try {
      channel.truncate(bytes);
      channel.position(bytes);
    } catch (IOException ignored) {
      // the file cannot be written at all; the writer retries and reports it
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
