package dev.warden.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** The {@code warden} command. Only wires picocli to the subcommands. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams; returns the exit code. Tests call this. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new WardenCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("warden: internal error: " + e);
      if (System.getenv("WARDEN_DEBUG") != null) {
        e.printStackTrace(cmd.getErr());
      } else {
        cmd.getErr().println("(set WARDEN_DEBUG=1 for the stack trace; please report it)");
      }
      return 3;
    });
    return cli.execute(args);
  }
}
