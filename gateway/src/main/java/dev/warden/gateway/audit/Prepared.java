package dev.warden.gateway.audit;

/**
 * A record rendered before its place in the chain is known: its canonical bytes with the
 * previous line's hash and the sequence number still to fill in. Rendering (the content's
 * redaction and scans, the JSON) is the costly part and can run on any thread; filling in the
 * two values is a copy, done by the writer once it knows them.
 *
 * @param bytes the canonical bytes with {@link #HASH_LENGTH} zeros for the hash and 0 for the number
 * @param hashAt where the hash's digits start
 * @param seqAt where the number's single digit is
 */
record Prepared(byte[] bytes, int hashAt, int seqAt) {
  /** The hex digits of a SHA-256 hash, as the chain writes them. */
  static final int HASH_LENGTH = 64;

  Prepared {
    if (hashAt < 0 || seqAt < hashAt + HASH_LENGTH || seqAt >= bytes.length || bytes[seqAt] != '0') {
      throw new IllegalArgumentException("the slots of a prepared line are not where they should be");
    }
  }

  /** The record's canonical bytes chained to {@code prev} as number {@code seq}. */
  byte[] chained(long seq, String prev) {
    if (seq < 0) {
      throw new IllegalArgumentException("a sequence number is not negative");
    }
    if (prev.length() != HASH_LENGTH) {
      throw new IllegalArgumentException("a chain hash has " + HASH_LENGTH + " hex digits, not " + prev.length());
    }
    byte[] number = Long.toString(seq).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] out = new byte[bytes.length - 1 + number.length];
    System.arraycopy(bytes, 0, out, 0, hashAt);
    for (int i = 0; i < HASH_LENGTH; i++) {
      char c = prev.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new IllegalArgumentException("a chain hash is lower-case hex");
      }
      out[hashAt + i] = (byte) c;
    }
    int after = hashAt + HASH_LENGTH;
    System.arraycopy(bytes, after, out, after, seqAt - after);
    System.arraycopy(number, 0, out, seqAt, number.length);
    System.arraycopy(bytes, seqAt + 1, out, seqAt + number.length, bytes.length - seqAt - 1);
    return out;
  }
}
