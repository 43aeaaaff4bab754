package dev.warden.dsl.schema;

/** The types of values in conditions. Percentages are numbers. */
public enum Type {
  STRING("string"),
  NUMBER("number"),
  BOOL("bool"),
  LIST("list");

  private final String label;

  Type(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
