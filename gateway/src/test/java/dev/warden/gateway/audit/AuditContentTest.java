package dev.warden.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.source.SourceFile;
import dev.warden.engine.detect.DetectorSuite;
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
