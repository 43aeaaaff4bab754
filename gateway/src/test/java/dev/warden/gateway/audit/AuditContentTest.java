package dev.warden.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.source.SourceFile;
import dev.warden.dsl.model.Enums;
import dev.warden.engine.detect.Detection;
import dev.warden.engine.detect.DetectorSuite;
import dev.warden.engine.redact.Pseudonyms;
import dev.warden.engine.redact.Redactor;
import dev.warden.engine.snapshot.PolicySnapshot;
import dev.warden.engine.snapshot.SnapshotBuilder;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AuditContentTest {
  @Test
  void moreRevisionsThanAreKeptEachGetTheirBaselineSuite() {
    AuditContent content = new AuditContent(new Redactor(AuditFixtures.KEY), true);
    List<PolicySnapshot> revisions = new ArrayList<>();
    for (int n = 0; n < AuditContent.MAX_REVISIONS + 4; n++) {
      revisions.add(snapshot(n));
    }
    List<DetectorSuite> first = new ArrayList<>();
    // a gateway that reloads its packs more often than MAX_REVISIONS: the 17th revision's records
    // had failed to render (the cache evicted inside computeIfAbsent) and lost their content
    for (PolicySnapshot s : revisions) {
      first.add(content.baselineFor(s));
    }
    PolicySnapshot newest = revisions.getLast();
    assertSame(first.getLast(), content.baselineFor(newest), "a recent revision's suite is kept");
    assertNotSame(first.getFirst(), content.baselineFor(revisions.getFirst()), "the oldest was let go, and made again");
    first.forEach(s -> assertTrue(s != null));
  }

  /**
   * With packs that detect nothing (the routing-only gateway), the baseline scan alone keeps each
   * of its types out of the log, including the shapes the detectors' cheap window checks and
   * one-pass literal search look at: numbers after "(" or "+" or after non-ASCII text, dotted or
   * dashed groups, upper case, key names spelled with a Kelvin sign (a non-ASCII letter that
   * folds to k), vendor prefixes, PEM blocks and JWTs.
   */
  @Test
  void theBaselineScanAloneCleansEachOfItsTypes() {
    AuditContent content = new AuditContent(new Redactor(AuditFixtures.KEY), true);
    String policy = "pack \"p\" version \"1.0.0\"\nrule \"r\" {\n  when request.model == \"x\"\n"
        + "  then block 403 \"no\"\n}\n";
    SnapshotBuilder.Result r = SnapshotBuilder.build(List.of(new SourceFile("p.policy", policy)), Optional.empty(),
        Clock.systemUTC());
    assertTrue(r.ok(), r.diagnostics()::toString);
    DetectorSuite suite = content.baselineFor(r.snapshot().orElseThrow());
    String[][] cases = {
        {"EMAIL", "write to ann.lee@example.org today", "ann.lee@example.org"},
        {"EMAIL", "WRITE TO ANN.LEE@EXAMPLE.ORG", "ANN.LEE@EXAMPLE.ORG"},
        {"PHONE", "call +1 415 555 0132, thanks", "+1 415 555 0132"},
        {"PHONE", "call me (+49 30 901820) tonight", "+49 30 901820"},
        {"PHONE", "\u0627\u062a\u0635\u0644 +1 415 555 0132", "+1 415 555 0132"},
        {"PHONE", "phone: (415) 555-0132", "(415) 555-0132"},
        {"CREDIT_CARD", "card 4111 1111 1111 1111 was charged", "4111 1111 1111 1111"},
        {"CREDIT_CARD", "card:4111-1111-1111-1111.", "4111-1111-1111-1111"},
        {"SSN", "my ssn is 219-09-9999.", "219-09-9999"},
        {"IBAN", "IBAN DE89 3704 0044 0532 0130 00 please", "DE89 3704 0044 0532 0130 00"},
        {"IP_ADDRESS", "the server at 10.0.12.7. Please", "10.0.12.7"},
        {"IP_ADDRESS", "host (192.168.1.20) is down", "192.168.1.20"},
        {"IP_ADDRESS", "client 2001:db8::8a2e:370:7334 connected", "2001:db8::8a2e:370:7334"},
        {"API_KEY", "token ghp_pfJBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0Rlg leaked", "ghp_pfJBd0Kh8oOOL8dKLzdocJ2isAjIhKtJ0Rlg"},
        {"API_KEY", "API_KEY=Q8fz3Kd92LmQ0pX7vB2nR5tY1wZ6", "Q8fz3Kd92LmQ0pX7vB2nR5tY1wZ6"},
        {"API_KEY", "api_\u212Aey=Q8fz3Kd92LmQ0pX7vB2nR5tY1wZ6", "Q8fz3Kd92LmQ0pX7vB2nR5tY1wZ6"},
        {"JWT", "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"},
        {"PRIVATE_KEY", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw"
            + "\n-----END RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw"},
        {"PASSWORD", "db_password = \"Tr0ub4dor&3x\"", "Tr0ub4dor&3x"}};
    Redactor redactor = new Redactor(AuditFixtures.KEY);
    for (String[] c : cases) {
      String text = c[1];
      List<Detection> found = suite.scan(text);
      int at = text.indexOf(c[2]);
      assertTrue(found.stream().anyMatch(d -> d.type().equals(c[0]) && d.start() <= at
          && d.end() >= at + c[2].length()), () -> c[0] + " not found in " + text + ": " + found);
      java.util.Map<String, Enums.RedactOp> ops = new java.util.HashMap<>();
      found.forEach(d -> ops.put(d.type(), Enums.RedactOp.REPLACE));
      String cleaned = redactor.apply(text, found, ops, new Pseudonyms()).text();
      assertFalse(cleaned.contains(c[2]), () -> "raw value left in " + cleaned);
    }
  }

  private static PolicySnapshot snapshot(int n) {
    String policy = "pack \"p\" version \"1.0." + n + "\"\n"
        + "rule \"r\" {\n  when prompt contains " + (n % 2 == 0 ? "EMAIL" : "PHONE") + "\n"
        + "  then block 403 \"no " + n + "\"\n}\n";
    SnapshotBuilder.Result r = SnapshotBuilder.build(List.of(new SourceFile("p.policy", policy)), Optional.empty(),
        Clock.systemUTC());
    assertTrue(r.ok(), r.diagnostics()::toString);
    return r.snapshot().orElseThrow();
  }
}
