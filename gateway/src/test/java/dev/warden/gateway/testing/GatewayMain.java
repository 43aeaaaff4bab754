package dev.warden.gateway.testing;

import dev.warden.gateway.Gateway;
import dev.warden.gateway.config.ConfigLoader;
import dev.warden.gateway.config.Env;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A gateway in a process of its own, for tests that kill it: {@code GatewayMain <config.yaml>}
 * starts it, prints {@code PORT <n>} and serves until the process ends.
 */
public final class GatewayMain {
  private GatewayMain() {}

  public static void main(String[] args) throws Exception {
    Path config = Path.of(args[0]).toAbsolutePath();
    Gateway g = Gateway.create(new ConfigLoader(Env.of(Map.of()), config.getParent()).load(config), Clock.systemUTC());
    int port = g.start();
    System.out.println("PORT " + port);
    System.out.flush();
    Thread.currentThread().join();
  }
}
