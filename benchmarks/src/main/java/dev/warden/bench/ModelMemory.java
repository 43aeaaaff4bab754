package dev.warden.bench;

import dev.warden.engine.detect.DetectorSuite;
import dev.warden.engine.detect.Detectors;
import dev.warden.engine.detect.TextScanner;
import java.util.Map;

/**
 * The heap the detector models hold: used heap after a full GC, before and after loading every
 * detector (and scanning one prompt, so lazily built parts exist). Run: scripts/bench memory.
 */
public final class ModelMemory {
  private ModelMemory() {}

  public static void main(String[] args) throws InterruptedException {
    long before = settledUsedHeap();
    Detectors models = Detectors.standard();
    TextScanner scanner = new TextScanner(DetectorSuite.all(Map.of(), models));
    scanner.scan(Prompts.mixed(4096), false);
    long after = settledUsedHeap();
    System.out.printf("detectors loaded: names=%s injection=%s safety=%s%n", models.names().isPresent(),
        models.injection().isPresent(), models.safety().isPresent());
    System.out.printf("heap used by the detector models: %.1f MB (%.1f MB before, %.1f MB after)%n",
        (after - before) / 1048576.0, before / 1048576.0, after / 1048576.0);
    if (scanner.hashCode() == 0) {
      System.out.println(); // keeps the scanner reachable until here
    }
  }

  private static long settledUsedHeap() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }
}
