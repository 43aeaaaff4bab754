package dev.warden.engine.snapshot;

import dev.warden.dsl.emit.FactModel;
import dev.warden.engine.eval.Firings;
import dev.warden.dsl.model.ModelSpec;
import dev.warden.engine.facts.RequestFacts;
import dev.warden.engine.facts.ResponseFacts;

/** The engine's fact classes as the DRL emitter must name them. */
public final class EngineFacts {
  private EngineFacts() {}

  public static final FactModel MODEL = new FactModel("dev.warden.rules", RequestFacts.class.getName(),
      ResponseFacts.class.getName(), ModelSpec.class.getName(), Firings.class.getName());
}
