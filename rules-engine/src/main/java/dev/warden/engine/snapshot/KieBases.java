package dev.warden.engine.snapshot;

import dev.warden.dsl.emit.Drl;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBase;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * Builds a Drools KieBase from emitted DRL in one pass (knowledge builder, then a fresh knowledge
 * base), or returns Drools' messages with their DRL lines. Nothing is registered in a global KIE
 * repository, so reloads do not accumulate old builds.
 */
final class KieBases {
  private KieBases() {}

  /** A Drools build message: its DRL line (0 when unknown) and text. */
  record Problem(int line, String text) {}

  sealed interface Built permits Ok, Failed {}

  record Ok(KieBase kieBase) implements Built {}

  record Failed(List<Problem> problems) implements Built {}

  static Built build(Drl drl) {
    KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
    builder.add(ResourceFactory.newByteArrayResource(drl.text().getBytes(StandardCharsets.UTF_8))
        .setSourcePath("warden.drl"), ResourceType.DRL);
    if (builder.hasErrors()) {
      return new Failed(builder.getErrors().stream().map(KieBases::problem).toList());
    }
    InternalKnowledgeBase base = KnowledgeBaseFactory.newKnowledgeBase();
    base.addPackages(builder.getKnowledgePackages());
    return new Ok(base);
  }

  private static Problem problem(KnowledgeBuilderError e) {
    int[] lines = e.getLines();
    return new Problem(lines != null && lines.length > 0 ? lines[0] : 0, e.getMessage());
  }
}
