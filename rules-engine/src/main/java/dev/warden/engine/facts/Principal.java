package dev.warden.engine.facts;

import java.util.List;
import java.util.Objects;

/** Who is calling: identity from the virtual key (and trusted headers). Missing values are "". */
public record Principal(String key, String user, String team, String tenant, String app, String region, String env,
    List<String> roles) {
  public Principal {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(team, "team");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(env, "env");
    roles = List.copyOf(roles);
  }

  public static final Principal ANONYMOUS = new Principal("", "", "", "", "", "", "", List.of());

  /** The identity value of a budget or limit scope: the team for "team", and so on. */
  public String scopeValue(dev.warden.dsl.model.Enums.Scope scope) {
    return switch (scope) {
      case KEY -> key;
      case USER -> user;
      case TEAM -> team;
      case TENANT -> tenant;
      case APP -> app;
    };
  }
}
