package dev.warden.cli;

import picocli.CommandLine.Command;

/** The top-level command: policy tools now, the gateway once it lands. */
@Command(name = "warden", mixinStandardHelpOptions = true, version = "warden 0.1.0",
    description = "Warden: an LLM gateway whose decisions are policy as code.",
    subcommands = {CheckCommand.class, CompileCommand.class, TestCommand.class, ExplainCommand.class,
        ScanCommand.class, EvalCommand.class, RunCommand.class, AuditCommand.class, ReplayCommand.class,
        SpendCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 errors or failures, 2 usage.",
        "Language reference: docs/policy-language.md"})
final class WardenCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
