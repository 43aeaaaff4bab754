package dev.warden.dsl.ast;

import dev.warden.dsl.source.Span;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One {@code *.policy} file: its pack header, description and declarations in file order. */
public record PolicyFile(String path, Str pack, Str version, Optional<Str> description, List<Decl> decls, Span span)
    implements Node {
  public PolicyFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(pack, "pack");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(description, "description");
    decls = List.copyOf(decls);
  }
}
