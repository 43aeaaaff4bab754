package dev.warden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The warden command as users run it: exit codes, output, and no stack traces on bad input. */
class CliTest {
  /** The shipped packs and their tests, relative to this module. */
  private static final String PACKS = "../rule-packs";
  private static final String TESTS = "../rule-tests";

  record Run(int code, String out, String err) {}

  static Run warden(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"check", "compile", "test", "explain", "run", "audit", "audit verify", "audit search", "replay", "spend"})
  void everyCommandHasHelp(String command) {
    List<String> args = new java.util.ArrayList<>(List.of(command.split(" ")));
    args.add("--help");
    Run r = warden(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("Usage: warden " + command), r.out());
    assertFalse(r.err().contains("WARN"), r.err());
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertEquals(2, warden("check").code());
    assertEquals(2, warden("frobnicate").code());
    assertEquals(2, warden("explain", PACKS).code(), "--request is required");
  }

  @Test
  void aMissingFileIsNamedAsMissing(@TempDir Path dir) {
    // `warden explain rule-packs --request req.json` before writing req.json said only "warden explain: req.json"
    String request = dir.resolve("req.json").toString();
    Run explain = warden("explain", PACKS, "--request", request);
    assertEquals(1, explain.code());
    assertTrue(explain.err().contains(request + ": no such file"), explain.err());
    String input = dir.resolve("input.txt").toString();
    Run scan = warden("scan", input);
    assertEquals(1, scan.code());
    assertTrue(scan.err().contains(input + ": no such file"), scan.err());
    String config = dir.resolve("gateway.yaml").toString();
    Run run = warden("run", "--config", config);
    assertEquals(1, run.code());
    assertTrue(run.err().contains("cannot read " + config + ": no such file"), run.err());
  }

  @Test
  void theShippedPacksCheckClean() {
    Run r = warden("check", PACKS, TESTS);
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains(": 0 errors, 0 warnings"), r.out());
  }

  @Test
  void theShippedTestsPassWithFullCoverage() {
    Run r = warden("test", PACKS, TESTS);
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("coverage: every rule was fired by a test"), r.out());
    assertTrue(r.out().strip().endsWith(" passed, 0 failed"), r.out());
  }

  @Test
  void checkReportsErrorsWithPositionAndCaret(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("p/bad.policy");
    Files.createDirectories(f.getParent());
    Files.writeString(f, "pack \"p\" version \"1.0.0\"\nrule \"r\" {\n  when principal.teem == \"a\"\n  then block\n}\n");
    Run r = warden("check", dir.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains("bad.policy:3:8: error[WDN-T001]: unknown path `principal.teem`"), r.out());
    assertTrue(r.out().contains("^^^^^^^^^^^^^^"), r.out());
    assertTrue(r.out().contains("did you mean `principal.team`?"), r.out());
  }

  @Test
  void hostileFilesGiveDiagnosticsAndExitOne(@TempDir Path dir) throws IOException {
    byte[] binary = new byte[2048];
    new Random(1).nextBytes(binary);
    Files.write(dir.resolve("binary.policy"), binary);
    Files.writeString(dir.resolve("empty.policy"), "");
    Files.writeString(dir.resolve("deep.policy"), "pack \"p\" version \"1.0.0\"\nrule \"r\" { when "
        + "(".repeat(10_000) + "x" + ")".repeat(10_000) + " then block }\n");
    Files.writeString(dir.resolve("cut.policy"), "pack \"p\" version \"1.0.0\"\nrule \"r\" { when prompt conta");
    try (var out = Files.newOutputStream(dir.resolve("huge.policy"))) {
      byte[] chunk = "# padding padding padding padding padding padding padding padding\n".getBytes(StandardCharsets.UTF_8);
      for (int n = 0; n < 10 * 1024 * 1024 / chunk.length + 1; n++) {
        out.write(chunk);
      }
    }
    Run r = warden("check", dir.toString());
    assertEquals(1, r.code());
    for (String code : new String[] {"WDN-P009", "WDN-P008", "WDN-P006", "WDN-P001", "WDN-P005"}) {
      assertTrue(r.out().contains(code), code + " missing in:\n" + r.out());
    }
    assertFalse((r.out() + r.err()).contains("Exception"), r.out() + r.err());
    assertEquals(1, warden("test", dir.toString()).code());
    assertEquals(1, warden("compile", dir.toString()).code());
  }

  @Test
  void compilePrintsDrlWithOrigins() {
    Run r = warden("compile", PACKS + "/secrets");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("rule \"secrets/"), r.out());
    assertTrue(r.out().contains("@origin(\"../rule-packs/secrets/"), r.out());
  }

  @Test
  void explainPrintsTheDecisionAndTheTrace(@TempDir Path dir) throws IOException {
    Path req = dir.resolve("req.json");
    Files.writeString(req, """
        {"model": "gpt-4o", "messages": [
          {"role": "system", "content": "You are helpful."},
          {"role": "user", "content": [{"type": "text", "text": "Mail ann@example.com about card 4111 1111 1111 1111"}]}
        ], "metadata": {"priority": "critical"}}
        """);
    Run r = warden("explain", PACKS, "--request", req.toString(), "--team", "sales", "--region", "us",
        "--set", "budget(team).used=85%", "--response", "Done: <EMAIL_1>");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("decision   ALLOW"), r.out());
    assertTrue(r.out().contains("[user] Mail <EMAIL_1> about card ***************1111"), r.out());
    assertTrue(r.out().contains("Team sales has used 85%"), r.out());
    assertTrue(r.out().contains("fired request rules:"), r.out());
    assertTrue(r.out().contains("../rule-packs/pii-baseline/pii-baseline.policy:"), r.out());
    assertTrue(r.out().contains("Done: ann@example.com"), r.out());
    Run json = warden("explain", PACKS, "--request", req.toString(), "--json");
    assertEquals(0, json.code(), json.err());
    assertTrue(json.out().contains("\"trace\""), json.out());
  }

  @Test
  void explainShowsThatALimitOnAScopeTheCallerLacksAppliesToItsKey(@TempDir Path dir) throws IOException {
    // model-routing's "limit user to 30 requests per minute" for a key made without a user showed as
    // 'limit user "" 120 requests per minute'; the gateway limits such a caller by its own key (RateLimits.rules)
    Path req = dir.resolve("req.json");
    Files.writeString(req, """
        {"model": "gpt-4o", "messages": [{"role": "user", "content": "Summarise the quarterly report for me."}]}
        """);
    Run noUser = warden("explain", PACKS, "--request", req.toString(), "--key", "svc-batch", "--team", "eng");
    assertEquals(0, noUser.code(), noUser.err());
    assertFalse(noUser.out().contains("\"\""), noUser.out());
    assertTrue(noUser.out().contains("limit      key \"svc-batch\" 30 requests per minute"
        + " (model-routing/premium-model-rate-limit): the caller has no user, so the user limit applies to its key alone"),
        noUser.out());
    assertTrue(noUser.out().contains("limit      team \"eng\" 2000000 tokens per hour"), noUser.out());
    Run noKey = warden("explain", PACKS, "--request", req.toString());
    assertTrue(noKey.out().contains("limit      key (the caller's own; no --key given) 2000000 tokens per hour"
        + " (model-routing/fair-use-limits): the caller has no team"), noKey.out());
    Run user = warden("explain", PACKS, "--request", req.toString(), "--user", "dana");
    assertTrue(user.out().contains("limit      user \"dana\" 30 requests per minute (model-routing/premium-model-rate-limit)\n"),
        user.out());

    // --json printed only the decision's '"subject": ""' for such a limit, which says nothing of the key
    Run json = warden("explain", PACKS, "--request", req.toString(), "--key", "svc-batch", "--team", "eng", "--json");
    assertEquals(0, json.code(), json.err());
    com.fasterxml.jackson.databind.JsonNode limits = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(json.out()).get("limits");
    com.fasterxml.jackson.databind.JsonNode perUser = null;
    com.fasterxml.jackson.databind.JsonNode perTeam = null;
    for (com.fasterxml.jackson.databind.JsonNode l : limits) {
      if (l.get("rule").asText().equals("model-routing/premium-model-rate-limit")) {
        perUser = l;
      } else if (l.get("scope").asText().equals("team")) {
        perTeam = l;
      }
    }
    assertTrue(perUser != null && perTeam != null, limits.toString());
    assertEquals("user", perUser.get("scope").asText());
    assertEquals("key", perUser.at("/applies_to/scope").asText());
    assertEquals("svc-batch", perUser.at("/applies_to/value").asText());
    assertEquals("the caller has no user", perUser.at("/applies_to/because").asText());
    assertEquals(30, perUser.get("amount").asLong());
    assertEquals("requests", perUser.get("unit").asText());
    assertEquals("minute", perUser.get("per").asText());
    assertEquals("team", perTeam.at("/applies_to/scope").asText());
    assertEquals("eng", perTeam.at("/applies_to/value").asText());
    assertTrue(perTeam.at("/applies_to/because").isMissingNode(), perTeam.toString());
  }

  @Test
  void explainRejectsBadRequestsClearly(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"model\": \"gpt-4o\", \"messages\": [");
    Run r = warden("explain", PACKS, "--request", bad.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("not valid JSON"), r.err());
    Files.writeString(bad, "{\"model\": \"gpt-4o\"}");
    assertTrue(warden("explain", PACKS, "--request", bad.toString()).err().contains("no \"messages\""));
    Files.writeString(bad, "{\"model\": \"gpt-4o\", \"messages\": []}");
    Run set = warden("explain", PACKS, "--request", bad.toString(), "--set", "principal.teem=x");
    assertEquals(1, set.code());
    assertTrue(set.err().contains("unknown path `principal.teem`"), set.err());
  }

  @Test
  void badOptionValuesAreErrorsNotCrashes(@TempDir Path dir) throws IOException {
    Path req = dir.resolve("req.json");
    Files.writeString(req, "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
    Run text = warden("explain", PACKS, "--request", req.toString(), "--set", "prompt.text=x");
    assertEquals(1, text.code(), text.err());
    assertTrue(text.err().contains("comes from the messages"), text.err());
    Run type = warden("explain", PACKS, "--request", req.toString(), "--set", "injection.score=high");
    assertEquals(1, type.code(), type.err());
    Run word = warden("explain", PACKS, "--request", req.toString(), "--set", "principal.team=oncology",
        "--set", "principal.roles=[\"a\", \"b\"]", "--set", "request.stream=true");
    assertEquals(0, word.code(), word.err());
    Path catalog = dir.resolve("catalog.yaml");
    Files.writeString(catalog, "models: 5\n");
    Run cat = warden("explain", PACKS, "--request", req.toString(), "--catalog", catalog.toString());
    assertEquals(1, cat.code(), cat.err());
    assertTrue(cat.err().contains("cannot read the model catalog"), cat.err());
    assertEquals(1, warden("test", TESTS + "/secrets", "--catalog", catalog.toString()).code());
    Files.writeString(dir.resolve("nul.policytest"), "tests \"a\\u{0}b\"\ntest \"t\" { expect allow }\n");
    Run nul = warden("test", dir.resolve("nul.policytest").toString());
    assertEquals(1, nul.code(), nul.out() + nul.err());
    assertTrue(nul.out().contains("WDN-T018"), nul.out());
    assertFalse(nul.err().contains("internal error"), nul.err());
  }

  @Test
  void testWritesJUnitXml(@TempDir Path dir) throws IOException {
    Path xml = dir.resolve("report.xml");
    Run r = warden("test", PACKS, TESTS + "/secrets", "--junit", xml.toString());
    assertEquals(0, r.code(), r.out());
    String report = Files.readString(xml);
    assertTrue(report.startsWith("<?xml") && report.contains("<testsuite ") && report.contains("failures=\"0\""), report);
  }

  @Test
  void aFailingTestShowsExpectedAgainstActual(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("wrong.policytest"), """
        tests "pii-baseline"
        test "wrong on purpose" {
          given prompt "call +1 415 555 0132"
          expect redacted prompt "call [PHONE NUMBER]"
        }
        """);
    Run r = warden("test", PACKS, dir.toString());
    assertEquals(1, r.code());
    assertTrue(r.out().contains("FAIL ") && r.out().contains("\"wrong on purpose\""), r.out());
    assertTrue(r.out().contains("expected prompt") && r.out().contains("\"call [PHONE]\""), r.out());
    assertTrue(r.out().strip().endsWith("0 passed, 1 failed"), r.out());
  }
}
