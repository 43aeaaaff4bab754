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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Watches the pack (and rule-test) folders and reloads the pack set when a file changes, after
 * a short quiet period so an editor's save of several files is one reload. Reloads happen on
 * this thread, off the request path; requests keep the snapshot they started with. A watched
 * folder that is removed and made again (a deployment that replaces the whole folder) is watched
 * again as soon as it is back.
 */
public final class PackWatcher implements AutoCloseable {
  static final Duration QUIET = Duration.ofMillis(300);
  /** How often a watched folder that has gone is looked for. */
  static final Duration MISSING = Duration.ofSeconds(1);
  private final PackSet packs;
  private final WatchService watch;
  /** Each watched folder and the key of its top directory (null while it does not exist). */
  private final Map<Path, WatchKey> roots = new LinkedHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  public PackWatcher(PackSet packs, List<Path> folders) throws IOException {
    this.packs = packs;
    this.watch = FileSystems.getDefault().newWatchService();
    for (Path f : folders) {
      roots.put(f, register(f));
    }
    this.thread = Thread.ofPlatform().daemon().name("warden-pack-watcher").start(this::loop);
  }

  /** Watches {@code root} and the folders under it; the key of {@code root}, or null if it is no folder. */
  private WatchKey register(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return null;
    }
    WatchKey[] top = new WatchKey[1];
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
        if (!dir.equals(root) && (name.equals("target") || name.startsWith("."))) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        WatchKey key = dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
        if (dir.equals(root)) {
          top[0] = key;
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return top[0];
  }

  private void loop() {
    while (running) {
      try {
        WatchKey key = anyMissing() ? watch.poll(MISSING.toMillis(), TimeUnit.MILLISECONDS) : watch.take();
        boolean changed = key != null;
        if (key != null) {
          drain(key);
          // quiet period: wait until no more events arrive for a moment
          WatchKey more;
          while ((more = watch.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS)) != null) {
            drain(more);
          }
        }
        changed |= watchReturnedRoots();
        if (changed) {
          packs.reload();
        }
      } catch (ClosedWatchServiceException | InterruptedException e) {
        return;
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) {
        // a reload failure is recorded in the pack set's status; keep watching whatever it was
      }
    }
  }

  private boolean anyMissing() {
    return roots.values().stream().anyMatch(k -> k == null || !k.isValid());
  }

  /** Watches again each folder that had gone and is back; whether there was one. */
  private boolean watchReturnedRoots() throws IOException {
    boolean back = false;
    for (Map.Entry<Path, WatchKey> e : roots.entrySet()) {
      WatchKey k = e.getValue();
      if ((k == null || !k.isValid()) && Files.isDirectory(e.getKey())) {
        e.setValue(register(e.getKey()));
        back = true;
      }
    }
    return back;
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
