package dev.warden.engine.eval;

import dev.warden.dsl.model.Enums;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the rules decided for one request (or one response), combined as the language
 * document says: the winning block, the redaction operator per entity type, routing, warnings,
 * tags, limits, log level, the monitor-mode "would have" entries and the trace of every fired
 * rule with its source position.
 */
public record Decision(Enums.Phase phase, Optional<Block> block, Map<String, Redaction> redactions, Routing routing,
    List<Downgrade> downgrades, List<Warning> warnings, Map<String, String> tags, List<Limit> limits,
    Enums.LogLevel log, List<WouldHave> wouldHave, List<FiredRule> trace) {
  public Decision {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(block, "block");
    redactions = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(redactions));
    Objects.requireNonNull(routing, "routing");
    downgrades = List.copyOf(downgrades);
    warnings = List.copyOf(warnings);
    tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
    limits = List.copyOf(limits);
    Objects.requireNonNull(log, "log");
    wouldHave = List.copyOf(wouldHave);
    trace = List.copyOf(trace);
  }

  public boolean allowed() {
    return block.isEmpty();
  }

  /** The enforced block: status 400-499 and the message for the caller; {@code rule} is the rule that won. */
  public record Block(int status, String message, String rule, String origin) {}

  /** The operator for one entity type and the rule that chose it. */
  public record Redaction(Enums.RedactOp op, String rule) {}

  /** A {@code downgrade to} that fired. */
  public record Downgrade(String rule, List<String> models) {
    public Downgrade {
      models = List.copyOf(models);
    }
  }

  public record Warning(String rule, String message) {}

  /** A rate limit to apply: e.g. 600 requests per minute for team "oncology". */
  public record Limit(Enums.Scope scope, String subject, long amount, Enums.LimitUnit unit, Enums.Per per, String rule) {}

  /** What a monitor-mode rule would have done. */
  public record WouldHave(String rule, String action) {}

  /** A fired rule: its full id, {@code file:line:col}, priority, mode and actions in policy words. */
  public record FiredRule(String rule, String origin, int priority, Enums.Mode mode, List<String> actions) {
    public FiredRule {
      actions = List.copyOf(actions);
    }
  }

  /**
   * The model decision: the model asked for, the model served (absent when no model satisfies
   * every constraint), the fallbacks in order, and why.
   */
  public record Routing(String asked, Optional<String> chosen, List<String> fallbacks, List<String> constrainedBy,
      Optional<String> routedBy, Enums.Prefer prefer, String reason) {
    public Routing {
      Objects.requireNonNull(asked, "asked");
      Objects.requireNonNull(chosen, "chosen");
      fallbacks = List.copyOf(fallbacks);
      constrainedBy = List.copyOf(constrainedBy);
      Objects.requireNonNull(routedBy, "routedBy");
      Objects.requireNonNull(prefer, "prefer");
      Objects.requireNonNull(reason, "reason");
    }

    /** No routing rule applied: serve what was asked. */
    public static Routing asked(String model) {
      return new Routing(model, Optional.of(model), List.of(), List.of(), Optional.empty(), Enums.Prefer.CHEAPEST,
          "no routing rule fired: serving the model asked for");
    }

    public boolean changed() {
      return chosen.isEmpty() || !chosen.get().equals(asked);
    }
  }
}
