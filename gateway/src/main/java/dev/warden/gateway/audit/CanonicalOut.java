package dev.warden.gateway.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes JSON straight in {@link Canonical} form, without building a tree first: callers write
 * each object's members in name order (checked: a member out of order is an
 * {@link IllegalStateException}, a bug the tests catch), numbers and strings go through the same
 * generator calls {@code Canonical} uses, so the bytes are exactly what {@code Canonical} would
 * make of the parsed text. Records are written this way because the writer thread renders
 * thousands a second; headers and seals, rare, use the tree. Not thread-safe; reused.
 */
final class CanonicalOut {
  /** "No member yet" in an object (an identity, so a member named "" is still in order). */
  private static final String START = new String("");
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
  private final Deque<String> last = new ArrayDeque<>();
  private JsonGenerator g;
  private int hashAt = -1;
  private int seqAt = -1;

  /** Starts a new top-level object. */
  CanonicalOut begin() {
    bytes.reset();
    last.clear();
    hashAt = -1;
    seqAt = -1;
    try {
      g = Canonical.FACTORY.createGenerator(bytes);
      g.writeStartObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    last.push(START);
    return this;
  }

  /** Ends the top-level object; its canonical bytes. */
  byte[] end() {
    try {
      g.writeEndObject();
      g.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Ends the top-level object, whose {@link #hashSlot} and {@link #seqSlot} were written: its
   * canonical bytes with those two values still to fill in.
   */
  Prepared prepared() {
    if (hashAt < 0 || seqAt < 0) {
      throw new IllegalStateException("a prepared line has a hash slot and a sequence slot");
    }
    return new Prepared(end(), hashAt, seqAt);
  }

  /**
   * A member whose value, a hash of {@link Prepared#HASH_LENGTH} hex digits, is known only later
   * ({@link Prepared#chained}): written as zeros, its place remembered. One per object.
   */
  CanonicalOut hashSlot(String n) {
    str(n, Chain.GENESIS);
    // the value's digits end one byte (the closing quote) before the end
    hashAt = offset() - 1 - Prepared.HASH_LENGTH;
    return this;
  }

  /** A member whose value, a non-negative whole number, is known only later: written as 0. */
  CanonicalOut seqSlot(String n) {
    num(n, 0L);
    seqAt = offset() - 1;
    return this;
  }

  private int offset() {
    try {
      g.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.size();
  }

  private void name(String n) throws IOException {
    String before = last.pop();
    if (before != START && n.compareTo(before) <= 0) {
      throw new IllegalStateException("member \"" + n + "\" written after \"" + before + "\": not in canonical order");
    }
    last.push(n);
    g.writeFieldName(n);
  }

  CanonicalOut str(String n, String v) {
    try {
      name(n);
      if (v == null) {
        g.writeNull();
      } else {
        g.writeString(v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  CanonicalOut num(String n, long v) {
    try {
      name(n);
      g.writeNumber(v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** A double: JSON has no infinity, so a non-finite one is written as its name, a string. */
  CanonicalOut num(String n, double v) {
    try {
      name(n);
      if (Double.isFinite(v)) {
        g.writeNumber(v);
      } else {
        g.writeString(Double.toString(v));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  CanonicalOut bool(String n, boolean v) {
    try {
      name(n);
      g.writeBoolean(v);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  CanonicalOut nul(String n) {
    try {
      name(n);
      g.writeNull();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Opens an object member; close it with {@link #close()}. */
  CanonicalOut obj(String n) {
    try {
      name(n);
      g.writeStartObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    last.push(START);
    return this;
  }

  /** Opens an object as the next element of an array. */
  CanonicalOut obj() {
    try {
      g.writeStartObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    last.push(START);
    return this;
  }

  CanonicalOut close() {
    try {
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    last.pop();
    return this;
  }

  /** Opens an array member; close it with {@link #closeArray()}. */
  CanonicalOut arr(String n) {
    try {
      name(n);
      g.writeStartArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  CanonicalOut closeArray() {
    try {
      g.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** An array of strings, in the order given. */
  CanonicalOut strings(String n, Collection<String> values) {
    arr(n);
    try {
      for (String v : values) {
        g.writeString(v);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return closeArray();
  }

  /** An object of string members, in name order whatever the map's order. */
  CanonicalOut map(String n, Map<String, String> values) {
    obj(n);
    for (Map.Entry<String, String> e : (values instanceof TreeMap<String, String> t ? t : new TreeMap<>(values))
        .entrySet()) {
      str(e.getKey(), e.getValue());
    }
    return close();
  }
}
