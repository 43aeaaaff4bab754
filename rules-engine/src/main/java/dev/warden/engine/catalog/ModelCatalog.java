package dev.warden.engine.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.warden.dsl.model.ModelSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The models rules can route to, in catalog order, with what rules see of each (provider,
 * region, tier, tags, prices, context). Read from the {@code models:} list of a YAML
 * configuration; keys the engine does not use (upstream, fallbacks, ...) are left to the gateway.
 */
public final class ModelCatalog {
  private static final String DEFAULT_RESOURCE = "default-models.yaml";
  private final Map<String, ModelSpec> byName;
  private final List<ModelSpec> byPrice;

  public ModelCatalog(List<ModelSpec> models) {
    Map<String, ModelSpec> m = new LinkedHashMap<>();
    for (ModelSpec s : models) {
      if (m.putIfAbsent(s.name(), s) != null) {
        throw new IllegalArgumentException("model \"" + s.name() + "\" is in the catalog twice");
      }
    }
    this.byName = java.util.Collections.unmodifiableMap(m);
    List<ModelSpec> sorted = new ArrayList<>(m.values());
    sorted.sort(Comparator.comparingDouble(ModelSpec::combinedPrice));
    this.byPrice = List.copyOf(sorted);
  }

  /** The catalog of the embedded default gateway configuration. */
  public static ModelCatalog defaults() {
    try (InputStream in = defaultYaml()) {
      return fromYaml(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The default catalog's YAML, with the keys only the gateway reads (provider, upstream, fallbacks). */
  public static InputStream defaultYaml() {
    InputStream in = ModelCatalog.class.getResourceAsStream(DEFAULT_RESOURCE);
    if (in == null) {
      throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
    }
    return in;
  }

  /** Reads the {@code models:} list of a YAML document. */
  public static ModelCatalog fromYaml(InputStream yaml) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
    JsonNode models = root == null ? null : root.get("models");
    if (models == null || !models.isArray()) {
      throw new IOException("expected a `models:` list");
    }
    List<ModelSpec> specs = new ArrayList<>();
    for (JsonNode n : models) {
      specs.add(spec(n));
    }
    return new ModelCatalog(specs);
  }

  /** One catalog entry from its YAML (or JSON) form; names the missing key when there is one. */
  public static ModelSpec spec(JsonNode n) throws IOException {
    String name = text(n, "name", null);
    if (name == null || name.isBlank()) {
      throw new IOException("a model needs a `name`");
    }
    List<String> tags = new ArrayList<>();
    JsonNode t = n.get("tags");
    if (t != null && t.isArray()) {
      t.forEach(x -> tags.add(x.asText()));
    }
    return new ModelSpec(name, text(n, "provider", ""), text(n, "region", ""), text(n, "tier", ""), tags,
        number(n, "input_price"), number(n, "output_price"), (long) number(n, "context"));
  }

  private static String text(JsonNode n, String key, String dflt) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? dflt : v.asText();
  }

  private static double number(JsonNode n, String key) throws IOException {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isNumber() || v.asDouble() < 0) {
      throw new IOException("model `" + text(n, "name", "?") + "`: `" + key + "` must be a number, 0 or more");
    }
    return v.asDouble();
  }

  public Optional<ModelSpec> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public boolean contains(String name) {
    return byName.containsKey(name);
  }

  /** Models in catalog order. */
  public List<ModelSpec> models() {
    return List.copyOf(byName.values());
  }

  /** Models from the cheapest (input + output price) up; catalog order among equals. */
  public List<ModelSpec> cheapestFirst() {
    return byPrice;
  }

  public Set<String> names() {
    return byName.keySet();
  }
}
