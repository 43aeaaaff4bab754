package dev.warden.engine.detect;

import dev.warden.engine.detect.injection.InjectionDetector;
import dev.warden.engine.detect.safety.SafetyDetector;
import dev.warden.models.guard.GuardClassifier;
import dev.warden.models.guard.GuardModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints how long the injection and safety detectors take on a 1 KB and a 32 KB prompt (median
 * and 99th percentile over many runs, after warm-up, one thread) and roughly how much heap their
 * models hold. Two kinds of text: "dense" strings together the benign prompts of the evaluation
 * set, nearly all of them about instructions, rules, prompts and security, so that the patterns
 * have the most to try (a worst case for ordinary text); "document" is the policy-language
 * reference of this repository, prose with tables and code. Measures only: no assertion on time, which depends on the machine. The targets
 * of the detector issue are for all detectors together: 1 KB median 0.5 ms, p99 2 ms; 32 KB
 * p99 20 ms. It takes most of a minute, so it runs only when asked:
 * {@code ./build -pl rules-engine -am verify -Dwarden.timings=true -Dtest=GuardTimingTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class GuardTimingTest {
  @Test
  @EnabledIfSystemProperty(named = "warden.timings", matches = "true")
  void printTimings() throws IOException {
    InjectionDetector injection = InjectionDetector.load();
    SafetyDetector safety = SafetyDetector.load();
    String doc = Files.readString(Path.of("../docs/policy-language.md"), StandardCharsets.UTF_8);
    for (String[] text : new String[][] {
        {"dense", prompt(1024), prompt(32 * 1024)},
        {"document", doc.substring(0, 1024), doc.substring(0, Math.min(doc.length(), 32 * 1024))}}) {
      System.out.printf("%nguard detector timings, %s text (one thread, after warm-up; %d and %d chars)%n", text[0],
          text[1].length(), text[2].length());
      report("injection  1 KB", 3000, text[1], injection::score);
      report("safety     1 KB", 3000, text[1], safety::score);
      report("both       1 KB", 3000, text[1], t -> {
        injection.score(t);
        safety.score(t);
      });
      report("injection 32 KB", 300, text[2], injection::score);
      report("safety    32 KB", 300, text[2], safety::score);
      report("both      32 KB", 300, text[2], t -> {
        injection.score(t);
        safety.score(t);
      });
    }
    System.out.printf("  models: about %.1f MB of heap for the five classifiers (measured by loading fresh copies)%n",
        modelHeap() / 1e6);
  }

  /** A realistic prompt of about {@code chars}: benign requests and a code block from the evaluation set, repeated. */
  private static String prompt(int chars) throws IOException {
    List<String> parts = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("src/test/resources/eval/injection.jsonl"), StandardCharsets.UTF_8)) {
      if (line.contains("\"label\": \"benign\"")) {
        parts.add(line.replaceAll(".*\"text\": \"(.*?)\", \"label\".*", "$1").replace("\\n", "\n"));
      }
    }
    String code = "\n```java\npublic int sum(List<Integer> xs) {\n  int s = 0;\n  for (int x : xs) {\n    s += x;\n  }\n"
        + "  return s;\n}\n```\n";
    StringBuilder sb = new StringBuilder();
    int i = 0;
    while (sb.length() < chars) {
      sb.append(parts.get(i++ % parts.size())).append(i % 7 == 0 ? code : " ");
    }
    return sb.substring(0, chars);
  }

  private static void report(String name, int runs, String text, Consumer<String> scorer) {
    for (int i = 0; i < runs; i++) {
      scorer.accept(text);
    }
    long[] ns = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t = System.nanoTime();
      scorer.accept(text);
      ns[i] = System.nanoTime() - t;
    }
    Arrays.sort(ns);
    System.out.printf("  %s: median %.3f ms, p99 %.3f ms, max %.3f ms (%d runs)%n", name, ns[runs / 2] / 1e6,
        ns[(int) (runs * 0.99)] / 1e6, ns[runs - 1] / 1e6, runs);
  }

  private static long modelHeap() {
    Runtime rt = Runtime.getRuntime();
    gc();
    long before = rt.totalMemory() - rt.freeMemory();
    List<GuardClassifier> models = new ArrayList<>();
    models.add(GuardModels.injection());
    GuardModels.SAFETY_CATEGORIES.forEach(c -> models.add(GuardModels.safety(c)));
    gc();
    long after = rt.totalMemory() - rt.freeMemory();
    if (models.size() != 5) {
      throw new AssertionError();
    }
    return after - before;
  }

  private static void gc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
