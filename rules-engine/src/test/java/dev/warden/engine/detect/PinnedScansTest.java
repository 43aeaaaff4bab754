package dev.warden.engine.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.dsl.model.EntityDef;
import dev.warden.dsl.model.Enums;
import dev.warden.dsl.source.Span;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every detection of the structured, phone and secrets detectors (and of pack entities with
 * and without a group) on a corpus of tricky texts, pinned to what they were when the file was
 * written: boundaries at the text's ends and at window edges, adjacent and overlapping
 * matches, joiners, non-ASCII letters and digits, surrogate pairs, and thousands of random
 * texts over the characters the patterns look at. Speed work on the detectors must leave every
 * line as it is. {@code -Dwarden.regenerate=true} rewrites the file (only when results are meant
 * to change, and say why in the commit).
 */
class PinnedScansTest {
  private static final Path PINNED = Path.of("src/test/resources/detect/pinned-scans.tsv");

  private static final List<String> TRICKY = List.of(
      // e-mail: ends, adjacent, trailing colon and dot, ports, unicode around it
      "ann@example.org", "ann@example.org,bob@example.net", "ann@example.org bob@example.net",
      "x ann@example.org: y", "ann@example.org:8080", "ann@example.org.", "<ann@example.org>",
      "a..b@example.com", ".ann@example.org", "ann.@example.org", "ann@example.o", "ann@ex-ample.org-",
      "élan ann@example.org ñ", "ännä@example.org", "ann@exämple.org", "\u212Aelvin@example.org",
      "mail: a@b.co;c@d.co|e@f.co", "a@b@c.com", "@@@ann@example.org@@@", "first.last+tag@sub.example.co.uk",
      // phones: ends, adjacent, joiners, neighbouring digits, IBAN before, dates
      "+1 415 555 0132", "+1 415 555 0132,+1 415 555 0133", "call (415) 555-0132/(415) 555-0133",
      "phone 415-555-0132.", "phone 415-555-0132.5", "phone 415.555.0132", "tel 4155550132", "4155550132",
      "call 1 415-555-0132", "call 1-415-555-0132-", "+44 20 7946 0958 +49 (30) 901820", "+33 1 42 68 53 00.",
      "DE89 3704 0044 0532 0130 00", "tel: 089 8384753", "2024-05-17 10:22", "26.04.2024 and 10.0.0.1",
      "zip 94107-1234", "call me at +1 415 555 0132 or 415 555 0133 today", "+１ ４１５ ５５５ ０１３２",
      "phone ٤١٥٥٥٥٠١٣٢", "+1 415 555 0132\u00A0x", "(+1) 415 555 0132", "phone:+14155550132:",
      // cards and SSNs: groupings, adjacency, dashes at the edges
      "4111 1111 1111 1111", "4111111111111111 4111111111111111", "4111-1111-1111-1111-", "-4111111111111111",
      "card 4111 1111 1111 1111 exp", "378282246310005", "3782 822463 10005", "5500-0000-0000-0004",
      "ssn 536-22-8145", "536-22-8145 536-22-8146", "536 22 8145", "536-22-8145-", "x536-22-8145",
      "SSN: 536-22-8145.", "078-05-1120 and 219-09-9999",
      // IBANs and IPs
      "IBAN DE89370400440532013000", "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432.", "xGB82WEST12345698765432",
      "10.0.0.1", "10.0.0.1.", "10.0.0.1.5", "server 10.0.12.7, 192.168.1.1", "256.1.1.1", "1.2.3.4:80",
      "::1", "fe80::1", "2001:db8::1:", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "a::b::c", "x:y:z",
      "version 10.0.19045", "1.2.3.4.5.6.7.8",
      // URLs and dates
      "see https://example.com/a?b=c.", "www.example.com/path).", "http://user:pa55word@host.example/x",
      "born 12 March 1988", "DOB: 1988-03-12", "date of birth 03/12/1988,", "né le 12 mars 1988",
      // secrets: vendor formats at edges, adjacent, in calls, placeholders
      "AKIAIOSFODNN7EXAMPLE", "key AKIAIOSFODNN7EXAMPLF,AKIAIOSFODNN7EXAMPLG", "AKIAXXXXXXXXXXXXXXXX",
      "ghp_" + "a1B2".repeat(9), "ghp_" + "a1B2".repeat(9) + "(", "xghp_" + "a1B2".repeat(9),
      "glpat-" + "aB3dE5gH7jK9mN1pQ3sT", "xoxb-1234567890-abcdefghij", "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc",
      "sk-proj-" + "Ab3De5Gh7Jk9Mn1Pq3St5Vw7Yz9Bc1Df", "sk-ant-api03-" + "a".repeat(10) + "B3d5F7h9K1m3P5r7T9v1X3z5",
      "AIzaSyD-1234567890abcdefghijklmnopqrstu", "npm_" + "a1B2".repeat(9), "hf_" + "a1B2".repeat(9),
      "SK" + "0123456789abcdef".repeat(2), "key-" + "0123456789abcdef".repeat(2),
      "SG." + "a1B2c3D4e5F6g7H8i9J0kL" + "." + "a1B2c3D4e5F6g7H8i9J0kLmNoPqRsTuVwXyZ0123456",
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy0AHB7\n-----END RSA PRIVATE KEY-----",
      "-----BEGIN PRIVATE KEY-----\n" + "QUJDRA".repeat(10),
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U.",
      "token=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
      "api_key = \"Zk3pQ9xL2mN8vB4wR7tY1uI6\"", "Authorization: Bearer Zk3pQ9xL2mN8vB4wR7tY1uI6oP",
      "x-api-key: abcdefabcdef0123456789", "password=hunter2hunter2", "password=changeme", "DB_PASSWORD: \"s3cr3t!Pw\"",
      "dbPassword = 'Tr0ub4dor&3'", "client secret Zk3pQ9xL2mN8vB4wR7tY1uI6", "os.getenv('DB_PASSWORD', 'fallbackpw')",
      "define('DB_PASS', 'hunter22')", "curl -u admin:hunter22 https://x", "mysql -u root -phunter22 db",
      "postgres://app:Sup3rS3cret@db.example.com/app", "https://oauth2:glpat-aB3dE5gH7jK9mN1pQ3sT@gitlab.example.com",
      "https://x.blob.core.windows.net/c?sv=2020&sig=abcdefghijklmnopqrstuvwxyz0123456789%2B&se=1",
      "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + "QUJDRA".repeat(8) + ";EndpointSuffix=core.windows.net",
      "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
      "AKIAIOSFODNN7EXAMPLF:wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKE1",
      "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX",
      // surrogate pairs and combining marks next to matches
      "\uD83D\uDE00ann@example.org\uD83D\uDE00", "\uD83D\uDE00+1 415 555 0132\uD83D\uDE00",
      "e\u0301 10.0.0.1 e\u0301", "\u200b4111 1111 1111 1111\u200b", "İstanbul ann@example.org İ");

  private static final String[] ALPHABETS = {
      "0123456789 -+().:/@_=\"'\n\tabcdefXYZ\u20ac\u00e9\uD83D\uDE00\u200b-----BEGIN PRIVATE KEY eyJ AKIA sk- ghp_",
      "0123456789012345678901234567890123456789 .-()+/ ,:x",
      "abcdefghijklmnopqrstuvwxyz0123456789@.-_+%: ,<>\u00e9",
      "0123456789abcdefABCDEF:. /%-",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ABGBDE",
      "abcXYZ0123456789_-=:\"' .+/\n key token bearer password secret pwd sk- eyJ AKIA ghp_ glpat- xoxb- ://@"};

  private static final EntityDef TERMS = new EntityDef("PROJECT", "pinned", List.of(), List.of("acme corp", "wayne",
      "Ünïcode"), List.of("project"), 0.6, Enums.Validator.NONE, Span.synthetic("pinned"));
  private static final EntityDef GROUPED = new EntityDef("MRN", "pinned", List.of(
      new EntityDef.Pattern("\\bMRN[-:# ]{0,2}(\\d{6,10})\\b", true),
      new EntityDef.Pattern("(?:^|[^0-9])(x)?(\\d{4}-\\d{4})(?:[^0-9]|$)", false),
      new EntityDef.Pattern("ref(\\d{3})?", false)), List.of(), List.of("patient"), 0.7, Enums.Validator.NONE,
      Span.synthetic("pinned"));

  private static final DetectorSuite ALL = DetectorSuite.all(Map.of("PROJECT", TERMS, "MRN", GROUPED),
      Detectors.none());

  /** The texts: the tricky ones, each also inside prose, then random ones. */
  static List<String> corpus() {
    List<String> texts = new ArrayList<>();
    for (String t : TRICKY) {
      texts.add(t);
      texts.add("Hello, please see " + t + " thanks.\n" + t);
    }
    texts.add("acme corp and Wayne, ünïcode; acmecorp wayned MRN 1234567 mrn:12345678 0000-1111 x2222-3333 ref123ref");
    Random random = new Random(20261207);
    for (String alphabet : ALPHABETS) {
      for (int n = 0; n < 1_500; n++) {
        StringBuilder b = new StringBuilder();
        int len = 1 + random.nextInt(160);
        for (int i = 0; i < len; i++) {
          b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        texts.add(b.toString());
      }
    }
    return texts;
  }

  static String render(List<String> texts) {
    StringBuilder out = new StringBuilder();
    out.append("# corpus ").append(texts.size()).append(" texts, sha-256 ").append(digest(texts)).append('\n');
    out.append("# text\ttype\tstart\tend\tscore\tdetector\n");
    for (int i = 0; i < texts.size(); i++) {
      for (Detection d : ALL.scan(texts.get(i))) {
        out.append(i).append('\t').append(d.type()).append('\t').append(d.start()).append('\t').append(d.end())
            .append('\t').append(d.score()).append('\t').append(d.detector()).append('\n');
      }
    }
    return out.toString();
  }

  private static String digest(List<String> texts) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String t : texts) {
        md.update(t.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void detectionsAreAsPinned() throws IOException {
    String actual = render(corpus());
    if (Boolean.getBoolean("warden.regenerate")) {
      Files.writeString(PINNED, actual, StandardCharsets.UTF_8);
    }
    String expected = Files.readString(PINNED, StandardCharsets.UTF_8);
    assertEquals(expected, actual, () -> "first difference: " + firstDifference(expected, actual));
  }

  private static String firstDifference(String expected, String actual) {
    List<String> e = expected.lines().toList();
    List<String> a = actual.lines().toList();
    for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
      String x = i < e.size() ? e.get(i) : "<none>";
      String y = i < a.size() ? a.get(i) : "<none>";
      if (!x.equals(y)) {
        return "line " + (i + 1) + ": expected " + x + ", found " + y;
      }
    }
    return "none";
  }
}
