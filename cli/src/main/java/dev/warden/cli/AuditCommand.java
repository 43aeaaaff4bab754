package dev.warden.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code warden audit}: verify and search a gateway's audit log. */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Verify or search a gateway's audit log (the folder of audit.dir).",
    subcommands = {AuditVerifyCommand.class, AuditSearchCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 tampering found or an error, 2 usage."})
final class AuditCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
