package dev.warden.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.DiagnosticPrinter;
import dev.warden.dsl.parse.ParseResult;
import dev.warden.dsl.parse.PolicyParser;
import dev.warden.dsl.source.SourceFile;
import dev.warden.dsl.source.SourceReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input gives diagnostics, never an exception, a stack overflow or a hang: empty,
 * binary, gigantic, deeply nested, cut off at every position, and random token soup. The
 * timeouts only guard against hangs; speed is measured by the benchmarks.
 */
class BadInputTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(60);
  private static final String VALID = """
      pack "every" version "1.0.0"
      description "d"
      entity MRN { pattern /MRN[-: ]?\\d{6,10}/ context "patient" score 0.6 }
      entity CODE { terms "Bluebird", "Falcon-9X" }
      group PHI = MRN, SSN
      list EU = ["mistral-large", "x"]
      rule "r1" {
        description "x"
        priority 100
        on request
        mode enforce
        when prompt contains any(PHI) and not (model.tags contains "baa") or count(prompt, SSN) >= 3
          and principal.app matches /^ops-/i and request.tags["k"] == "v" and budget(team).used >= 80%
        then block 403 "PHI ${principal.team}"
        then redact EMAIL, PHONE using pseudonymize
        then route where model.region == "eu" prefer cheapest
        then limit team to 600 requests per minute
        then tag "cc" = "${principal.team}"
        then log metadata
      }
      """;

  private static List<Diagnostic> parse(String text) {
    return PolicyParser.parsePolicy(new SourceFile("t.policy", text)).diagnostics();
  }

  private static boolean hasCode(List<Diagnostic> ds, Code c) {
    return ds.stream().anyMatch(d -> d.code() == c);
  }

  @Test
  void theValidFileParses() {
    ParseResult<?> r = PolicyParser.parsePolicy(new SourceFile("t.policy", VALID));
    assertTrue(r.ok(), () -> r.diagnostics().toString());
  }

  @Test
  void emptyAndBlankFiles() {
    assertTrue(hasCode(parse(""), Code.P008));
    assertTrue(hasCode(parse("   \n\t# only a comment\n"), Code.P008));
    assertTrue(hasCode(PolicyParser.parseTests(new SourceFile("t.policytest", "")).diagnostics(), Code.P008));
  }

  @Test
  void binaryAndInvalidUtf8AreNotText() {
    byte[] binary = new byte[4096];
    new Random(7).nextBytes(binary);
    binary[10] = 0;
    assertFailed(SourceReader.decode(binary, "bin.policy"), Code.P009);
    byte[] latin1 = "pack \"caf\u00e9\" version \"1.0.0\"".getBytes(StandardCharsets.ISO_8859_1);
    assertFailed(SourceReader.decode(latin1, "latin1.policy"), Code.P009);
    byte[] bom = ("\uFEFFpack \"p\" version \"1.0.0\"").getBytes(StandardCharsets.UTF_8);
    assertTrue(SourceReader.decode(bom, "bom.policy") instanceof SourceReader.Ok);
  }

  @Test
  void aGiganticFileIsRefusedBeforeItIsRead(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.policy");
    byte[] line = "rule \"r\" { then block }\n".getBytes(StandardCharsets.UTF_8);
    try (var out = Files.newOutputStream(big)) {
      for (int written = 0; written < 10 * 1024 * 1024; written += line.length) {
        out.write(line);
      }
    }
    SourceReader.Result r = assertTimeoutPreemptively(HANG_GUARD, () -> SourceReader.read(big, "big.policy"));
    assertFailed(r, Code.P005);
  }

  @Test
  void tenThousandParenthesesAreReportedNotRecursedInto() {
    String deep = "pack \"p\" version \"1.0.0\"\nrule \"r\" {\n  when " + "(".repeat(10_000) + "principal.team == \"a\""
        + ")".repeat(10_000) + "\n  then block\n}\n";
    List<Diagnostic> ds = assertTimeoutPreemptively(HANG_GUARD, () -> parse(deep));
    assertTrue(hasCode(ds, Code.P006), ds::toString);
    String lists = "pack \"p\" version \"1.0.0\"\nlist L = " + "[".repeat(10_000) + "]".repeat(10_000) + "\n";
    assertTrue(hasCode(parse(lists), Code.P006));
  }

  @Test
  void tenThousandNotsFold() {
    String nots = "pack \"p\" version \"1.0.0\"\nrule \"r\" {\n  when " + "not ".repeat(10_000)
        + "principal.team == \"a\"\n  then block\n}\n";
    Compiler.Result r = assertTimeoutPreemptively(HANG_GUARD,
        () -> Compiler.compile(List.of(new SourceFile("n.policy", nots)), Compiler.Options.upTo(Compiler.Stage.ANALYSE)));
    assertTrue(r.ok(), r.diagnostics()::toString);
  }

  @Test
  void aLongFlatConditionCompiles() {
    StringBuilder b = new StringBuilder("pack \"p\" version \"1.0.0\"\nrule \"r\" {\n  when principal.team == \"t0\"");
    for (int i = 1; i < 5_000; i++) {
      b.append(" or principal.team == \"t").append(i).append('"');
    }
    b.append("\n  then block\n}\n");
    Compiler.Result r = assertTimeoutPreemptively(HANG_GUARD,
        () -> Compiler.compile(List.of(new SourceFile("f.policy", b.toString())),
            Compiler.Options.upTo(Compiler.Stage.ANALYSE)));
    assertTrue(r.ok(), r.diagnostics()::toString);
  }

  @Test
  void everyPrefixOfAValidFileGivesDiagnosticsNotExceptions() {
    assertTimeoutPreemptively(HANG_GUARD, () -> {
      for (int i = 0; i < VALID.length(); i++) {
        String prefix = VALID.substring(0, i);
        ParseResult<?> r = PolicyParser.parsePolicy(new SourceFile("cut.policy", prefix));
        if (r.value().isEmpty()) {
          assertFalse(r.diagnostics().isEmpty(), "no diagnostic for a prefix of length " + i);
        }
        // printing must not fail either, whatever the span
        DiagnosticPrinter.of(Map.of("cut.policy", new SourceFile("cut.policy", prefix))).print(r.diagnostics());
      }
    });
  }

  @Test
  void randomTokenSoupNeverThrows() {
    String[] vocabulary = {"pack", "\"p\"", "version", "\"1.0.0\"", "rule", "{", "}", "(", ")", "[", "]", "when",
        "then", "and", "or", "not", "contains", "in", "matches", "/x/", "block", "403", "redact", "EMAIL", "using",
        "route", "to", "where", "prompt", "principal.team", "==", ">=", ",", "=", "80%", "\"", "/", "@", "\n",
        "${", "entity", "group", "list", "test", "given", "expect", "with", "score", "any", "all", "count"};
    Random random = new Random(42);
    assertTimeoutPreemptively(HANG_GUARD, () -> {
      for (int n = 0; n < 2_000; n++) {
        StringBuilder b = new StringBuilder();
        int len = random.nextInt(60);
        for (int i = 0; i < len; i++) {
          b.append(vocabulary[random.nextInt(vocabulary.length)]).append(' ');
        }
        String text = b.toString();
        Compiler.compile(List.of(new SourceFile("soup.policy", text)), Compiler.Options.upTo(Compiler.Stage.ANALYSE));
        PolicyParser.parseTests(new SourceFile("soup.policytest", text));
      }
    });
  }

  @Test
  void garbageStopsAfterTooManyErrors() {
    String garbage = "pack \"p\" version \"1.0.0\"\n" + "} ) ] , = == then when ".repeat(500);
    List<Diagnostic> ds = assertTimeoutPreemptively(HANG_GUARD, () -> parse(garbage));
    assertFalse(ds.isEmpty());
    assertTrue(ds.size() <= 21, "diagnostics: " + ds.size());
    String stray = "pack \"p\" version \"1.0.0\"\n" + "@ ".repeat(500);
    assertTrue(hasCode(parse(stray), Code.P007));
  }

  @Test
  void aVeryLongLineIsShownShortened() {
    String longLine = "pack \"p\" version \"1.0.0\"\nrule \"r\" { when principal.team == \"" + "x".repeat(100_000)
        + "\" and principal.teem == \"a\" then block }\n";
    SourceFile f = new SourceFile("long.policy", longLine);
    Compiler.Result r = Compiler.compile(List.of(f), Compiler.Options.upTo(Compiler.Stage.CHECK));
    String printed = DiagnosticPrinter.of(Map.of("long.policy", f)).print(r.diagnostics());
    assertTrue(printed.contains("principal.teem"), printed);
    assertTrue(printed.lines().allMatch(l -> l.length() < 500), "a printed line is too long");
  }

  @Test
  void controlCharactersAreNotPrintedRaw() {
    String text = "pack \"p\" version \"1.0.0\"\n\u001b[31m\u0007 rule";
    SourceFile f = new SourceFile("ctl.policy", text);
    String printed = DiagnosticPrinter.of(Map.of("ctl.policy", f)).print(parse(text));
    assertFalse(printed.contains("\u001b"), printed);
    assertFalse(printed.isEmpty());
  }

  @Test
  void interpolationsThatAreNotPathsAreErrors() {
    List<Diagnostic> ds = parse("pack \"p\" version \"1.0.0\"\nrule \"r\" { then warn \"${\" then warn \"${1+1}\" }\n");
    assertEquals(2, ds.stream().filter(d -> d.code() == Code.P012).count(), ds::toString);
  }

  private static void assertFailed(SourceReader.Result r, Code code) {
    assertTrue(r instanceof SourceReader.Failed f && f.diagnostic().code() == code, () -> "expected " + code + ": " + r);
  }

  @Test
  void missingFilesAreDiagnostics() {
    var found = dev.warden.dsl.source.SourceCollector.collect(List.of(Path.of("no/such/folder")));
    assertEquals(Optional.of(Code.E002), found.diagnostics().stream().map(Diagnostic::code).findFirst());
  }
}
