package dev.warden.gateway.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The one writer of an audit folder. Two gateways appending to the same folder would each
 * continue the chain from where they found it, and the log would then fail verification as if
 * it had been tampered with; so the second is refused at startup. The lock is the operating
 * system's ({@code audit.lock} in the folder), so it is released when the process dies, however
 * it dies.
 */
final class FolderLock implements AutoCloseable {
  static final String FILE = "audit.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private FolderLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the folder's lock.
   *
   * @throws IOException naming the folder when another process (or another log in this one) writes there
   */
  static FolderLock take(Path dir) throws IOException {
    FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      ch.close();
      throw new IOException("another gateway is writing to it (two writers would break its hash chain): stop"
          + " that gateway, or give this one a folder of its own (audit.dir; WARDEN_AUDIT_DIR for ./warden run)");
    }
    return new FolderLock(ch, lock);
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException | RuntimeException e) {
      // closing the channel releases it too
    }
    try {
      channel.close();
    } catch (IOException e) {
      // nothing more to release
    }
  }
}
