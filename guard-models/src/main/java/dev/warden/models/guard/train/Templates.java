package dev.warden.models.guard.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import net.datafaker.Faker;

/**
 * Expands corpus templates: {@code {slot}} takes a value from the slot lists of
 * {@code slots.txt} or, for people, places, companies and the like, from datafaker;
 * {@code [a|b|]} picks one alternative (possibly empty); {@code [[ ]] {{ }}} are literal brackets
 * and braces (not inside an alternative: put such values in a slot list). Deterministic for a
 * given seed.
 */
final class Templates {
  private final Random random;
  private final Map<String, List<String>> lists;
  private final Map<String, Supplier<String>> fakes = new HashMap<>();

  Templates(Path slotsFile, long seed) throws IOException {
    this.random = new Random(seed);
    this.lists = readSlots(slotsFile);
    Faker faker = new Faker(Locale.ENGLISH, new Random(seed + 1));
    fakes.put("person", () -> faker.name().fullName());
    fakes.put("first", () -> faker.name().firstName());
    fakes.put("city", () -> faker.address().city());
    fakes.put("country", () -> faker.address().country());
    fakes.put("company", () -> faker.company().name());
    fakes.put("domain", () -> faker.internet().domainName());
    fakes.put("email", () -> faker.internet().emailAddress());
    fakes.put("lang", () -> faker.programmingLanguage().name());
    fakes.put("food", () -> faker.food().dish());
    fakes.put("book", () -> faker.book().title());
    fakes.put("product", () -> faker.commerce().productName());
    fakes.put("job", () -> faker.job().title());
    fakes.put("animal", () -> faker.animal().name());
    fakes.put("word", () -> faker.lorem().word());
    fakes.put("hex", () -> faker.regexify("[0-9a-f]{8,40}"));
    fakes.put("number", () -> Integer.toString(2 + random.nextInt(500)));
    fakes.put("year", () -> Integer.toString(1900 + random.nextInt(125)));
  }

  private static Map<String, List<String>> readSlots(Path file) throws IOException {
    Map<String, List<String>> out = new HashMap<>();
    List<String> current = null;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current = new ArrayList<>();
        out.put(line.substring(1, line.length() - 1), current);
      } else if (current != null) {
        current.add(dev.warden.models.guard.HeldOut.unescape(line.strip()));
      }
    }
    return out;
  }

  /** One expansion of {@code template}. */
  String expand(String template) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      char next = i + 1 < template.length() ? template.charAt(i + 1) : 0;
      if ((c == '{' || c == '}' || c == '[' || c == ']') && next == c) {
        out.append(c);
        i += 2;
      } else if (c == '{') {
        int end = template.indexOf('}', i);
        out.append(slot(template.substring(i + 1, end)));
        i = end + 1;
      } else if (c == '[') {
        int end = template.indexOf(']', i);
        String[] alternatives = template.substring(i + 1, end).split("\\|", -1);
        out.append(expand(alternatives[random.nextInt(alternatives.length)]));
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString().replaceAll(" {2,}", " ").replace(" ,", ",").strip();
  }

  private String slot(String name) {
    List<String> values = lists.get(name);
    if (values != null) {
      return expand(values.get(random.nextInt(values.size())));
    }
    Supplier<String> fake = fakes.get(name);
    if (fake == null) {
      throw new IllegalArgumentException("unknown template slot {" + name + "}");
    }
    return fake.get();
  }

  Random random() {
    return random;
  }
}
