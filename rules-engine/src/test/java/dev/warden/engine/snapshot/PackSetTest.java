package dev.warden.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.engine.catalog.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackSetTest {
  /** A clock one second later at every reading, so each step of a reload has a time of its own. */
  static final class Ticking extends Clock {
    private final AtomicLong seconds = new AtomicLong(1_800_000_000L);

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochSecond(seconds.getAndIncrement());
    }
  }

  @Test
  void loadedAtIsWhenTheRevisionWentLiveNotWhenItWasCompiled(@TempDir Path dir) throws Exception {
    Path packs = Files.createDirectories(dir.resolve("packs"));
    Path tests = Files.createDirectories(dir.resolve("tests"));
    Files.writeString(packs.resolve("p.policy"), """
        pack "p" version "1.0.0"
        rule "no-mango" {
          when prompt.text contains "mango"
          then block 403 "No mango"
        }
        """);
    Files.writeString(tests.resolve("p.policytest"), """
        tests "p"
        test "mango is refused" {
          given prompt "mango?"
          expect block 403
        }
        """);
    Ticking clock = new Ticking();
    PackSet set = new PackSet(List.of(packs), List.of(tests), ModelCatalog.defaults(), clock);
    PackSet.Outcome outcome = set.reload();
    assertTrue(outcome.activated() && outcome.changed(), outcome.toString());
    Instant compiled = set.current().orElseThrow().loadedAt();
    Instant live = set.status().loadedAt().orElseThrow();
    assertTrue(live.isAfter(compiled), "live " + live + ", compiled " + compiled);
    assertEquals(set.current().orElseThrow().revision(), set.status().revision().orElseThrow());
  }
}
