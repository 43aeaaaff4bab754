package dev.warden.dsl.source;

import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads policy and test files defensively: a size cap checked before reading, UTF-8 only
 * (a byte-order mark is dropped), and no NUL bytes, so a binary or gigantic file becomes one
 * clear diagnostic instead of a stack trace or a hang.
 */
public final class SourceReader {
  /** The largest policy or test file accepted, in bytes. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;

  private SourceReader() {}

  /** The file's text, or the diagnostic that says why it cannot be read. */
  public sealed interface Result permits Ok, Failed {}

  public record Ok(SourceFile file) implements Result {}

  public record Failed(Diagnostic diagnostic) implements Result {}

  public static Result read(Path file, String displayPath) {
    Span here = new Span(displayPath, 0, 0, 1, 1);
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        return new Failed(Diagnostic.of(Code.P005, here,
            "file is " + human(size) + "; policy and test files may be at most " + human(MAX_BYTES),
            "split the pack into several files"));
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        return new Failed(Diagnostic.of(Code.P005, here,
            "file is larger than " + human(MAX_BYTES), "split the pack into several files"));
      }
      return decode(bytes, displayPath);
    } catch (IOException e) {
      return new Failed(Diagnostic.of(Code.E002, here, "cannot read file: " + describe(e)));
    }
  }

  /** Decodes bytes that came from somewhere other than a file (stdin, a jar, a test). */
  public static Result decode(byte[] bytes, String displayPath) {
    Span here = new Span(displayPath, 0, 0, 1, 1);
    if (bytes.length > MAX_BYTES) {
      return new Failed(Diagnostic.of(Code.P005, here,
          "input is " + human(bytes.length) + "; policy and test files may be at most " + human(MAX_BYTES)));
    }
    int start = 0;
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
      start = 3;
    }
    for (int i = start; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        return new Failed(Diagnostic.of(Code.P009, here,
            "this is not a text file: it holds a NUL byte at byte " + (i - start),
            "policy and test files are UTF-8 text"));
      }
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
    try {
      CharBuffer chars = decoder.decode(in);
      return new Ok(new SourceFile(displayPath, chars.toString()));
    } catch (MalformedInputException e) {
      return new Failed(Diagnostic.of(Code.P009, here,
          "this is not UTF-8 text: invalid byte sequence near byte " + in.position(),
          "save the file as UTF-8"));
    } catch (CharacterCodingException e) {
      return new Failed(Diagnostic.of(Code.P009, here, "this is not UTF-8 text", "save the file as UTF-8"));
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase()
        + (m == null ? "" : " (" + m + ")");
  }

  static String human(long bytes) {
    if (bytes >= 1024 * 1024) {
      return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
    if (bytes >= 1024) {
      return String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0);
    }
    return bytes + " bytes";
  }
}
