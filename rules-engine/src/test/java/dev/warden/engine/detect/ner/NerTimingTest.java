package dev.warden.engine.detect.ner;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.warden.engine.detect.Detection;
import dev.warden.engine.detect.DetectorSuite;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Prints how long the NER detector takes on a 1 KB and a 32 KB English prompt (median and p99
 * over many runs after a warm-up), alone and together with today's built-in detectors. It
 * asserts nothing about time: machines differ; the figures are for reading.
 */
class NerTimingTest {
  private static final String[] PARAGRAPHS = {
      "Hi Sarah, thanks for the update on the Northwind account. I spoke with Daniel Okafor at Brightwater "
          + "Analytics yesterday and they are happy to move forward with the pilot in Rotterdam. ",
      "Please review the attached proposal before Monday. The invoice INV-2025-0042 for 12,400 EUR is due on "
          + "2025-03-31, and the build v2.4.1 failed at 02:17 UTC with exit code 137. ",
      "Can you summarise the memo from the legal team and draft a reply to Ms. Ingrid Solberg? She is based in "
          + "Oslo and works with Halvorsen Shipping AS on the new contract. ",
      "The customer in Bavaria wants the quarterly report in German. Our Munich office will handle it, and "
          + "Priya from support will send the numbers by Friday afternoon. ",
      "Write a short bio for Dr. Marcus Lindqvist, a cardiologist at Riverside Heart Institute who studied at "
          + "the University of Edinburgh and now lives in Toronto with his family. ",
      "ERROR 2025-02-11 08:00:01 PaymentService.java:118 NullPointerException; commit 9f2c4e1b fixed it. "
          + "We sell the Aurora Lamp, the Nimbus Chair and the Vertex Desk online. ",
  };

  static String text(int size) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; sb.length() < size; i++) {
      sb.append(PARAGRAPHS[i % PARAGRAPHS.length]);
    }
    return sb.substring(0, size);
  }

  @Test
  void printsTimingOnOneAndThirtyTwoKilobytes() {
    NerDetector ner = NerDetector.load();
    DetectorSuite suite = DetectorSuite.all(Map.of());
    for (int size : new int[] {1024, 32 * 1024}) {
      String text = text(size);
      boolean small = size <= 1024;
      long[] nerNanos = measure(small ? 3000 : 150, () -> {
        List<Detection> out = new ArrayList<>();
        ner.detect(text, out);
        assertFalse(out.isEmpty());
      });
      long[] allNanos = measure(small ? 500 : 20, () -> {
        List<Detection> out = new ArrayList<>(suite.scan(text));
        ner.detect(text, out);
      });
      System.out.printf(Locale.ROOT, "[ner-timing] %5d chars: NER median %7.1f us, p99 %7.1f us | built-in "
          + "detectors + NER median %7.1f us, p99 %7.1f us%n", size, median(nerNanos), p99(nerNanos), median(allNanos),
          p99(allNanos));
    }
  }

  private static long[] measure(int runs, Runnable r) {
    for (int i = 0; i < runs; i++) {
      r.run();
    }
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      r.run();
      nanos[i] = System.nanoTime() - t;
    }
    Arrays.sort(nanos);
    return nanos;
  }

  private static double median(long[] sorted) {
    return sorted[sorted.length / 2] / 1e3;
  }

  private static double p99(long[] sorted) {
    return sorted[(int) (sorted.length * 0.99)] / 1e3;
  }
}
