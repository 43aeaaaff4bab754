package dev.warden.engine.facts;

import dev.warden.dsl.model.ModelSpec;
import java.util.List;
import java.util.Objects;

/**
 * A model as rules see it. The facts hold the model asked for (or, on response, the model
 * that served); for {@code route where} each catalog model is inserted as a candidate.
 */
public record ModelFact(String name, String provider, String region, String tier, List<String> tags,
    double inputPrice, double outputPrice, double context) {
  public ModelFact {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(tier, "tier");
    tags = List.copyOf(tags);
  }

  public static ModelFact of(ModelSpec m) {
    return new ModelFact(m.name(), m.provider(), m.region(), m.tier(), m.tags(), m.inputPrice(), m.outputPrice(),
        m.context());
  }

  /** A model that is not in the catalog: only its name is known. */
  public static ModelFact unknown(String name) {
    return new ModelFact(name, "", "", "", List.of(), 0, 0, 0);
  }
}
