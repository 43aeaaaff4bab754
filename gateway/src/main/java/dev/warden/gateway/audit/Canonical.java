package dev.warden.gateway.audit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The canonical serialisation a record's hash is computed over: UTF-8 JSON without whitespace,
 * object members sorted by name (UTF-16 code units, as RFC 8785 sorts them) at every depth,
 * integers as written, other numbers as Java prints a double. It depends only on the JSON
 * value, not on how a file spells it, so a record re-serialised by another tool (a SIEM, a
 * PostgreSQL {@code jsonb} column) still verifies.
 */
public final class Canonical {
  /**
   * The generator both writers use, with every setting that decides how a string is spelt
   * pinned rather than left to the library's defaults: a line is verified byte for byte
   * ({@link Verifier}), so a default that changed in a later Jackson would make old logs look
   * edited. Strings: UTF-8, non-ASCII as is, a surrogate pair as two {@code \\u} escapes
   * (upper-case hex), control characters escaped, {@code /} not escaped; NaN as a string.
   */
  static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .disable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES)
      .disable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
      .enable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
      .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
      .disable(JsonWriteFeature.WRITE_NUMBERS_AS_STRINGS)
      .build();

  private Canonical() {}

  public static byte[] bytes(JsonNode node) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void write(JsonGenerator g, JsonNode n) throws IOException {
    switch (n.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(n.size());
        n.properties().forEach(fields::add);
        fields.sort(Map.Entry.comparingByKey());
        g.writeStartObject();
        for (Map.Entry<String, JsonNode> f : fields) {
          g.writeFieldName(f.getKey());
          write(g, f.getValue());
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode x : n) {
          write(g, x);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(n.textValue());
      case NUMBER -> {
        if (n.isIntegralNumber()) {
          g.writeNumber(n.bigIntegerValue());
        } else {
          g.writeNumber(n.doubleValue());
        }
      }
      case BOOLEAN -> g.writeBoolean(n.booleanValue());
      case NULL, MISSING -> g.writeNull();
      default -> throw new IllegalArgumentException("not JSON data: " + n.getNodeType());
    }
  }
}
