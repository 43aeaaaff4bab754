package dev.warden.gateway.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The id of one audit log (one folder), made when the folder is first used and kept in it as
 * {@value #FILE}: exporters send it with every record, so the copies of several gateways' logs
 * in one database or SIEM stay apart ({@code log_id, seq} is unique).
 */
public final class LogId {
  public static final String FILE = "log.id";

  private LogId() {}

  public static String of(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path f = dir.resolve(FILE);
    if (Files.isRegularFile(f)) {
      String id = Files.readString(f, StandardCharsets.US_ASCII).strip();
      if (id.matches("[a-z0-9-]{8,64}")) {
        return id;
      }
      throw new IOException(f + " does not hold a log id");
    }
    byte[] b = new byte[8];
    new SecureRandom().nextBytes(b);
    String id = "log-" + HexFormat.of().formatHex(b);
    try {
      Files.writeString(f, id + "\n", StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.CREATE_NEW,
          java.nio.file.StandardOpenOption.WRITE);
    } catch (FileAlreadyExistsException e) {
      return of(dir);
    }
    return id;
  }
}
