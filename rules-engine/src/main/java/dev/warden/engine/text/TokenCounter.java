package dev.warden.engine.text;

/** Counts the tokens of a text for {@code prompt.tokens} and {@code response.tokens}. */
public interface TokenCounter {
  int count(String text);

  /**
   * OpenAI's cl100k_base tokenizer (JTokkit): exact for GPT-4-family models, a close estimate for
   * others. Words seen before are counted from a cache, with the same result ({@link PieceCache}).
   */
  static TokenCounter cl100k() {
    return PieceCache.cl100k();
  }

  /** OpenAI's o200k_base tokenizer (JTokkit): exact for GPT-4o and later OpenAI models; cached the same way. */
  static TokenCounter o200k() {
    return PieceCache.o200k();
  }
}
