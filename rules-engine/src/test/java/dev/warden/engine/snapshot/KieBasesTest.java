package dev.warden.engine.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.emit.Drl;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Drools' own messages come back with their DRL line, which the source map turns into the policy rule. */
class KieBasesTest {
  @Test
  void droolsErrorsCarryTheirDrlLineAndMapToTheRule() {
    String text = """
        package t;
        import dev.warden.engine.facts.RequestFacts;
        global dev.warden.engine.eval.Firings w;

        rule "p/ok"
        when
            $f : RequestFacts( principal.team == "a" )
        then
            w.fire(0, $f);
        end

        rule "p/broken"
        when
            $f : RequestFacts( principal.noSuchField == "a" )
        then
            w.fire(1, $f);
        end
        """;
    Drl drl = new Drl(text, List.of(new Drl.Origin("p/ok", 0, -1, 5, 10), new Drl.Origin("p/broken", 1, -1, 12, 17)),
        List.of());
    KieBases.Built built = KieBases.build(drl);
    assertTrue(built instanceof KieBases.Failed, "Drools should reject an unknown field");
    List<KieBases.Problem> problems = ((KieBases.Failed) built).problems();
    assertFalse(problems.isEmpty());
    KieBases.Problem p = problems.getFirst();
    assertEquals(1, drl.atLine(p.line()).orElseThrow().ruleIndex(), "problem at DRL line " + p.line() + ": " + p.text());
  }
}
