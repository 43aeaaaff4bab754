package dev.warden.engine.snapshot;

import dev.warden.dsl.emit.Drl;
import java.util.List;
import java.util.Optional;
import org.kie.api.KieBase;
import org.kie.api.builder.Message;
import org.kie.api.io.ResourceType;
import org.kie.internal.utils.KieHelper;

/** Builds a Drools KieBase from emitted DRL, or returns Drools' messages with their DRL lines. */
final class KieBases {
  private KieBases() {}

  /** A Drools build message: its DRL line (0 when unknown) and text. */
  record Problem(int line, String text) {}

  sealed interface Built permits Ok, Failed {}

  record Ok(KieBase kieBase) implements Built {}

  record Failed(List<Problem> problems) implements Built {}

  static Built build(Drl drl) {
    KieHelper helper = new KieHelper();
    helper.addContent(drl.text(), ResourceType.DRL);
    var results = helper.verify();
    if (results.hasMessages(Message.Level.ERROR)) {
      return new Failed(results.getMessages(Message.Level.ERROR).stream()
          .map(m -> new Problem(Optional.ofNullable(m.getLine()).orElse(0), m.getText())).toList());
    }
    return new Ok(helper.build());
  }
}
