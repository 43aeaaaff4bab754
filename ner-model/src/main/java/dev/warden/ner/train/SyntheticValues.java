package dev.warden.ner.train;

import dev.warden.ner.Gazetteer;
import dev.warden.ner.Gazetteer.Category;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.datafaker.Faker;

/**
 * Values for template slots: names, places and organisations from datafaker (several Latin-script
 * locales, one fixed seed) and from every other entry of the project's word lists, plus the
 * capitalised things that are not names (products, apps, job titles, departments, weekdays) and
 * the hard negatives (order numbers, versions, hashes, identifiers, times). One instance is used
 * by one thread, always in the same order, so the corpus is the same on every build.
 */
final class SyntheticValues {
  private static final String[] LOCALES = {"en", "en-GB", "de", "fr", "es", "it", "nl", "pl", "sv", "pt-BR", "tr"};
  private static final String[] WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
      "Sunday"};
  private static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August",
      "September", "October", "November", "December"};
  private static final String[] TITLES = {"Mr.", "Mrs.", "Ms.", "Dr.", "Prof.", "Mr", "Ms", "Dr", "Professor",
      "Judge", "Senator", "Captain", "Nurse", "Coach"};
  private static final String[] DEPTS = {"Finance", "Legal", "Marketing", "Sales", "Engineering", "Support",
      "Human Resources", "HR", "IT", "Procurement", "Operations", "Product", "Design", "Compliance", "Security"};
  private static final String[] BRAND_START = {"Zen", "Nova", "Brill", "Quant", "Vert", "Lum", "Kor", "Tal", "Arc",
      "Sol", "Hal", "Mer", "Cal", "Dun", "Ever", "Blue", "North", "Silver", "Red", "Oak", "Stone", "Bright", "Clear",
      "Iron", "Pine", "Cedar", "West", "High", "Swift", "True"};
  private static final String[] BRAND_END = {"ix", "ora", "wave", "tech", "field", "line", "gate", "bridge", "point",
      "stone", "mark", "view", "works", "wood", "crest", "path", "ly", "io", "ant", "ex", "on", "ara", "ford", "haven"};

  private static final String[] ROLES = {"Caller", "Witness", "Customer", "Patient", "Client", "Candidate",
      "Applicant", "Congrats", "Welcome", "Thanks", "Attendee", "Speaker", "Reviewer", "Requester", "Assignee",
      "Reporter", "Owner", "Tenant", "Landlord", "Buyer", "Seller", "Driver", "Guest", "Host", "Sponsor", "Contact",
      "Approver", "Recipient", "Sender", "Volunteer", "Student", "Teacher", "Colleague", "Intern", "Mentor", "Coach"};
  private static final String[] UI = {"Save", "Export", "Settings", "Cancel", "Apply", "Submit", "Preview", "Share",
      "Download", "Upload", "Refresh", "Delete", "Edit", "View", "Help", "Home", "Profile", "Dashboard", "Reports",
      "Billing", "Inbox", "Drafts", "Archive", "Search", "Filters", "Account", "Security", "Privacy", "Notifications",
      "Integrations", "Advanced", "General", "Appearance", "Import", "Sync", "Logout", "Sign In", "Checkout"};
  private static final String[] HEADINGS = {"Reminder", "Update", "Note", "Summary", "Agenda", "Background",
      "Context", "Question", "Answer", "Request", "Warning", "Tip", "Breaking Changes", "Highlights", "Next Steps",
      "Action Items", "Overview", "Decision", "Outcome", "Timeline", "Budget", "Risks", "Heads Up", "Traceback",
      "Escalation", "Follow-up", "Standup", "Retro", "Changelog", "Fix", "Feature", "Hotfix", "Deprecation"};
  private static final String[] METRICS = {"Revenue", "Margin", "Churn", "Growth", "Headcount", "Retention",
      "Latency", "Throughput", "Uptime", "Cost", "Profit", "Sales", "Bookings", "Pipeline", "Quarter", "Region",
      "Segment", "Channel", "Volume", "Price", "Forecast", "Target", "Actual", "Variance"};

  private static final String[] STATUSES = {"Resolved", "Closed", "Pending", "Approved", "Rejected", "Blocked",
      "Archived", "Completed", "Cancelled", "Scheduled", "Deployed", "Merged", "Assigned", "Unresolved", "Unpaid",
      "Unverified", "Open", "New", "Draft", "Published", "Escalated", "Waiting", "Overdue", "Unknown", "None",
      "Processing", "Shipped", "Delivered", "Refunded", "Expired", "Suspended", "Active", "Inactive", "Disabled"};

  private final Random random;
  private final Faker en;
  private final List<Faker> fakers = new ArrayList<>();
  private final Gazetteer gazetteer;

  SyntheticValues(long seed, Gazetteer gazetteer) {
    this.random = new Random(seed);
    this.gazetteer = gazetteer;
    for (String tag : LOCALES) {
      fakers.add(new Faker(Locale.forLanguageTag(tag), new Random(seed + tag.hashCode())));
    }
    this.en = fakers.get(0);
  }

  Random random() {
    return random;
  }

  private Faker anyFaker() {
    return random.nextInt(3) == 0 ? en : fakers.get(random.nextInt(fakers.size()));
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  /** Every second entry of a word list: the others stay out of training. */
  private String fromList(Category c) {
    List<String> all = gazetteer.entries(c);
    int half = (all.size() + 1) / 2;
    return all.get(2 * random.nextInt(half));
  }

  private static String clean(String s) {
    return s.replace(",", "").replace("  ", " ").strip();
  }

  String firstName() {
    return random.nextInt(4) == 0 ? fromList(Category.FIRST_NAME) : clean(anyFaker().name().firstName());
  }

  String lastName() {
    return random.nextInt(4) == 0 ? fromList(Category.SURNAME) : clean(anyFaker().name().lastName());
  }

  String person() {
    int r = random.nextInt(20);
    if (r == 0) {
      return firstName() + " " + (char) ('A' + random.nextInt(26)) + ". " + lastName();
    }
    if (r == 1) {
      return firstName() + " " + lastName() + "-" + lastName();
    }
    if (r == 2) {
      return firstName() + " " + firstName() + " " + lastName();
    }
    return firstName() + " " + lastName();
  }

  String city() {
    return random.nextInt(5) < 3 ? fromList(Category.CITY) : clean(en.address().city());
  }

  String country() {
    List<String> all = gazetteer.entries(Category.COUNTRY);
    return all.get(random.nextInt(all.size()));
  }

  String region() {
    return random.nextInt(3) < 2 ? fromList(Category.REGION) : clean(en.address().state());
  }

  String location() {
    int r = random.nextInt(3);
    return r == 0 ? city() : r == 1 ? country() : region();
  }

  String brand() {
    return pick(BRAND_START) + pick(BRAND_END);
  }

  String company() {
    switch (random.nextInt(9)) {
      case 0, 1 -> {
        String c = clean(anyFaker().company().name());
        return c.isEmpty() ? brand() + " Inc." : c;
      }
      case 2 -> {
        return lastName() + " " + fromList(Category.ORG_KEYWORD) + maybeSuffix();
      }
      case 3, 4 -> {
        return brand() + " " + fromList(Category.ORG_KEYWORD) + maybeSuffix();
      }
      case 5 -> {
        return brand() + " " + fromList(Category.ORG_SUFFIX);
      }
      case 6 -> {
        return lastName() + " & " + lastName() + maybeSuffix();
      }
      case 7 -> {
        return fromList(Category.ORGANIZATION);
      }
      default -> {
        return brand() + maybeSuffix();
      }
    }
  }

  private String maybeSuffix() {
    return random.nextInt(3) == 0 ? " " + fromList(Category.ORG_SUFFIX) : "";
  }

  String bank() {
    return switch (random.nextInt(4)) {
      case 0 -> "Bank of " + city();
      case 1 -> city() + " Savings Bank";
      case 2 -> brand() + " Bank";
      default -> lastName() + " Capital";
    };
  }

  String university() {
    return switch (random.nextInt(4)) {
      case 0 -> "University of " + (random.nextBoolean() ? city() : region());
      case 1 -> clean(en.university().name());
      case 2 -> city() + " State University";
      default -> lastName() + " College";
    };
  }

  String hospital() {
    return switch (random.nextInt(5)) {
      case 0 -> "Mount " + lastName() + " Hospital";
      case 1 -> city() + " General Hospital";
      case 2 -> "Saint " + firstName() + " Hospital";
      case 3 -> brand() + " Clinic";
      default -> lastName() + " Medical Center";
    };
  }

  String organization() {
    int r = random.nextInt(6);
    return r == 0 ? bank() : r == 1 ? university() : r == 2 ? hospital() : company();
  }

  String role() {
    return pick(ROLES);
  }

  String status() {
    return pick(STATUSES);
  }

  String tech() {
    return fromList(Category.PRODUCT);
  }

  String ui() {
    return pick(UI);
  }

  String heading() {
    return pick(HEADINGS);
  }

  String metric() {
    return pick(METRICS);
  }

  String title() {
    return pick(TITLES);
  }

  String weekday() {
    return pick(WEEKDAYS);
  }

  String month() {
    return pick(MONTHS);
  }

  String product() {
    return random.nextBoolean() ? clean(en.commerce().productName()) : brand() + " " + pick(new String[] {"Pro",
        "Max", "Mini", "X", "Plus", "Air", "2", "Studio"});
  }

  String app() {
    return clean(en.app().name());
  }

  String job() {
    return clean(en.job().title());
  }

  String dept() {
    return pick(DEPTS);
  }

  String order() {
    return pick(new String[] {"ORD-", "INV-", "#", "PO-", "TCK-", "CASE-", ""}) + (100000 + random.nextInt(900000));
  }

  String version() {
    return (random.nextBoolean() ? "v" : "") + random.nextInt(10) + "." + random.nextInt(20) + "." + random.nextInt(30);
  }

  String time() {
    return String.format(Locale.ROOT, "%02d:%02d", random.nextInt(24), random.nextInt(60));
  }

  String date() {
    return random.nextBoolean()
        ? String.format(Locale.ROOT, "2025-%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28))
        : (1 + random.nextInt(28)) + " " + month();
  }

  String hash() {
    StringBuilder sb = new StringBuilder();
    int n = random.nextBoolean() ? 7 : 40;
    for (int i = 0; i < n; i++) {
      sb.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return sb.toString();
  }

  String code() {
    String a = brand();
    return switch (random.nextInt(5)) {
      case 0 -> a + "Service.java";
      case 1 -> "get" + a + "ById";
      case 2 -> a.toUpperCase(Locale.ROOT) + "_TIMEOUT";
      case 3 -> "com.example." + a.toLowerCase(Locale.ROOT) + "." + a + "Handler";
      default -> "E" + (1000 + random.nextInt(9000));
    };
  }

  String number() {
    return Integer.toString(random.nextInt(500));
  }

  String email() {
    return clean(en.internet().emailAddress());
  }

  String money() {
    return "$" + (1 + random.nextInt(900)) + (random.nextBoolean() ? " million" : ",000");
  }

  String phone() {
    return "+1 555 " + (100 + random.nextInt(900)) + " " + (1000 + random.nextInt(9000));
  }
}
