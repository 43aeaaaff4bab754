package dev.warden.gateway.admin;

import dev.warden.engine.snapshot.PackSet;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Watches the pack (and rule-test) folders and reloads the pack set when a file changes, after
 * a short quiet period so an editor's save of several files is one reload. Reloads happen on
 * this thread, off the request path; requests keep the snapshot they started with.
 */
public final class PackWatcher implements AutoCloseable {
  static final Duration QUIET = Duration.ofMillis(300);
  private final PackSet packs;
  private final WatchService watch;
  private final Thread thread;
  private volatile boolean running = true;

  public PackWatcher(PackSet packs, List<Path> folders) throws IOException {
    this.packs = packs;
    this.watch = FileSystems.getDefault().newWatchService();
    for (Path f : folders) {
      register(f);
    }
    this.thread = Thread.ofPlatform().daemon().name("warden-pack-watcher").start(this::loop);
  }

  private void register(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        if (!dir.equals(root) && (name.equals("target") || name.startsWith("."))) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private void loop() {
    while (running) {
      try {
        WatchKey key = watch.take();
        drain(key);
        // quiet period: wait until no more events arrive for a moment
        WatchKey more;
        while ((more = watch.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)) != null) {
          drain(more);
        }
        packs.reload();
      } catch (ClosedWatchServiceException | InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // a reload failure is recorded in the pack set's status; keep watching
      }
    }
  }

  private void drain(WatchKey key) {
    for (var event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && event.context() instanceof Path p
          && key.watchable() instanceof Path dir && Files.isDirectory(dir.resolve(p))) {
        try {
          register(dir.resolve(p));
        } catch (IOException ignored) {
          // a folder that vanished again
        }
      }
    }
    key.reset();
  }

  @Override
  public void close() throws IOException {
    running = false;
    watch.close();
    thread.interrupt();
  }
}
