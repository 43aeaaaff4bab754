package dev.warden.engine;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.kie.api.io.ResourceType;
import org.kie.internal.utils.KieHelper;

class DroolsShapeTest {
  @Test
  void shape() {
    String drl = """
        package t;
        import dev.warden.engine.facts.RequestFacts;
        import dev.warden.dsl.model.ModelSpec;
        global dev.warden.engine.eval.Firings w;
        rule "a/b" @origin("x:1:1") salience 5
        when
          $f : RequestFacts(
            principal.team == "t1",
            !(model.tags contains "baa"),
            principal.roles not contains "x",
            request.tag("k") == "",
            (budget.team.set && budget.team.used >= 80.0),
            request.model not in ("a", "b"),
            prompt.count("EMAIL") >= 0.0,
            !prompt.has("EMAIL"),
            regexFind(principal.app, "^o"),
            time.hour < 30.0,
            system.text == "",
            request.stream == false
          )
        then
          w.fire(0, $f);
        end
        rule "a/c#where1"
        when
          $f : RequestFacts( principal.team == "t1" )
          $c : ModelSpec( region == $f.principal.region, inputPrice < 3.0, tags contains "eu" )
        then
          w.admit(1, 1, $c);
        end
        """;
    KieHelper h = new KieHelper();
    h.addContent(drl, ResourceType.DRL);
    var res = h.verify();
    assertFalse(res.hasMessages(org.kie.api.builder.Message.Level.ERROR), res.toString());
    var kb = h.build();
    var patterns = java.util.Map.of("^o", com.google.re2j.Pattern.compile("^o"));
    var f = new dev.warden.engine.facts.RequestFacts(
        new dev.warden.engine.facts.Principal("", "", "t1", "", "ops", "eu", "", java.util.List.of()),
        new dev.warden.engine.facts.RequestInfo("m", "chat", false, 0, java.util.Map.of()),
        dev.warden.engine.facts.TextFacts.empty(), dev.warden.engine.facts.TextFacts.empty(),
        dev.warden.dsl.model.ModelSpec.unknown("m"), dev.warden.engine.facts.Injection.NONE,
        dev.warden.engine.facts.Safety.NONE,
        dev.warden.engine.facts.Budgets.of(java.util.Map.of(dev.warden.dsl.model.Enums.Scope.TEAM,
            dev.warden.engine.facts.BudgetState.of(90, 100))),
        new dev.warden.engine.facts.TimeFacts(3, "mon"), patterns);
    var s = kb.newKieSession();
    var w = new dev.warden.engine.eval.Firings();
    s.setGlobal("w", w);
    s.insert(f);
    s.insert(new dev.warden.dsl.model.ModelSpec("eu1", "p", "eu", "t", java.util.List.of("eu"), 1, 1, 1));
    s.insert(new dev.warden.dsl.model.ModelSpec("us1", "p", "us", "t", java.util.List.of("eu"), 1, 1, 1));
    s.fireAllRules();
    s.dispose();
    assertEquals(java.util.List.of(0), w.fired());
    assertEquals(java.util.Set.of("eu1"), w.admitted(1, 1));
  }
}
