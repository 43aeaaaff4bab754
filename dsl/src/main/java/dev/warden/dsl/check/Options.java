package dev.warden.dsl.check;

import dev.warden.dsl.ast.Ident;
import dev.warden.dsl.diag.Code;
import dev.warden.dsl.diag.Diagnostic;
import dev.warden.dsl.diag.Diagnostics;
import dev.warden.dsl.schema.Schema;
import dev.warden.dsl.schema.Suggest;
import java.util.Optional;

/** Checks a word against the words an option accepts, suggesting the nearest on a typo. */
final class Options {
  private Options() {}

  static Optional<String> word(Ident word, Schema.Option option, Diagnostics out) {
    if (option.words().contains(word.name())) {
      return Optional.of(word.name());
    }
    String all = String.join(", ", option.sortedWords());
    String hint = Suggest.nearest(word.name(), option.words())
        .map(s -> "did you mean `" + s + "`? (one of " + all + ")")
        .orElse("one of " + all);
    out.add(Diagnostic.of(Code.T008, word.span(), "unknown " + option.what() + " `" + word.name() + "`", hint));
    return Optional.empty();
  }
}
