package dev.warden.engine.text;

/** Counts the tokens of a text for {@code prompt.tokens} and {@code response.tokens}. */
public interface TokenCounter {
  int count(String text);

  /** OpenAI's cl100k_base tokenizer (JTokkit): exact for GPT-4-family models, a close estimate for others. */
  static TokenCounter cl100k() {
    var registry = com.knuddels.jtokkit.Encodings.newLazyEncodingRegistry();
    var encoding = registry.getEncoding(com.knuddels.jtokkit.api.EncodingType.CL100K_BASE);
    return text -> text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
  }
}
