package dev.warden.bench;

/** A pack of N rules in the shapes real packs use, for the compile benchmark. */
public final class GeneratedPack {
  private GeneratedPack() {}

  public static String text(int rules) {
    StringBuilder b = new StringBuilder("pack \"generated\" version \"1.0.0\"\n");
    b.append("entity TICKET { pattern /\\bTCK-\\d{6}\\b/ context \"ticket\" score 0.6 }\n");
    b.append("list EU = [\"mistral-large\", \"llama-3.1-70b-eu\"]\n");
    for (int i = 0; i < rules; i++) {
      b.append("rule \"r").append(i).append("\" {\n  priority ").append(i % 50).append('\n');
      switch (i % 6) {
        case 0 -> b.append("  when principal.team == \"team-").append(i).append("\" and prompt contains any(EMAIL, PHONE)\n")
            .append("  then redact EMAIL, PHONE using replace\n");
        case 1 -> b.append("  when budget(team).used >= ").append(50 + i % 70).append("% and not (request.tags[\"priority\"] == \"critical\")\n")
            .append("  then warn \"team ${principal.team} at ${budget(team).used}\"\n");
        case 2 -> b.append("  when principal.region == \"eu\" and request.model not in EU and principal.app == \"app-").append(i).append("\"\n")
            .append("  then route where model.region == \"eu\" prefer cheapest\n");
        case 3 -> b.append("  when injection.score >= 0.").append(5 + i % 5).append(" or prompt.text contains \"ignore previous ").append(i).append("\"\n")
            .append("  then block 403 \"rule ").append(i).append(" blocked this request\"\n");
        case 4 -> b.append("  when count(prompt, TICKET) >= ").append(1 + i % 3).append(" and principal.user matches /^svc-").append(i).append("/\n")
            .append("  then tag \"tickets\" = \"many\"\n  then limit user to ").append(100 + i).append(" requests per minute\n");
        default -> b.append("  on response\n  when response contains SSN and principal.tenant == \"tenant-").append(i).append("\"\n")
            .append("  then redact SSN using mask\n");
      }
      b.append("}\n");
    }
    return b.toString();
  }
}
