package dev.warden.dsl.model;

import java.util.List;
import java.util.Objects;

/**
 * A model of the catalog as rules see it: name, provider, region, tier, tags, prices in USD
 * per million tokens, and context window. Test files declare these with {@code model} blocks;
 * the rules engine uses it as the {@code model} fact and inserts catalog models as
 * {@code route where} candidates.
 */
public record ModelSpec(String name, String provider, String region, String tier, List<String> tags,
    double inputPrice, double outputPrice, long context) {
  /** The tag of an embedding model: only embeddings requests are served by it, and only by such models. */
  public static final String EMBEDDING = "embedding";

  public ModelSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(tier, "tier");
    tags = List.copyOf(tags);
  }

  /** A model that is not in the catalog: only its name is known. */
  public static ModelSpec unknown(String name) {
    return new ModelSpec(name, "", "", "", List.of(), 0, 0, 0);
  }

  /** Whether this is an embedding model (tagged {@value #EMBEDDING}) rather than a chat model. */
  public boolean embedding() {
    return tags.contains(EMBEDDING);
  }

  /** Input plus output price: what {@code prefer cheapest} orders by. */
  public double combinedPrice() {
    return inputPrice + outputPrice;
  }
}
