package dev.warden.engine.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The token counts of short parts (at most {@value #MAX_LENGTH} characters, each at most U+00FF,
 * which holds most words of Latin-script text with their leading space), each part keyed by its
 * characters packed into two longs: a lookup reads one entry of four longs, side by side in one
 * array, and compares numbers, where a cache of strings follows three references per word.
 *
 * <p>Exact: a part is known by its length and every one of its characters, never by a hash. The
 * table is shared by threads without locks, each entry guarded by a sequence number as in
 * {@link java.util.concurrent.locks.StampedLock}'s optimistic reads: a writer makes it odd while
 * it writes (one writer at a time per entry; another gives up and does not cache) and even again
 * after, and a reader takes the entry only when the number was even and the same before and after
 * it read. Each part may go in either of two neighbouring entries, the one that keeps the older
 * part chosen by a bit of the hash, so that two parts of one prompt rarely evict each other.
 */
final class ShortPieces {
  static final int MAX_LENGTH = 16;
  /** Entries, two per bucket. */
  static final int ENTRIES = 1 << 14;
  private static final int WIDTH = 4; // sequence, length << 32 | tokens, characters 0-7, characters 8-15
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  private final long[] table = new long[ENTRIES * WIDTH];

  /** Characters 0-7 (or 8-15) of a part, eight bits each, the first in the lowest bits. */
  static long pack(long packed, int position, char c) {
    return packed | (long) c << ((position & 7) << 3);
  }

  /** The part's token count, or -1 when it is not in the table. */
  int get(int length, long low, long high) {
    int bucket = bucket(length, low, high);
    for (int k = 0; k < 2; k++) {
      int at = (bucket + k) * WIDTH;
      long sequence = (long) LONGS.getAcquire(table, at);
      long meta = table[at + 1];
      long a = table[at + 2];
      long b = table[at + 3];
      VarHandle.acquireFence(); // the reads above are done before the sequence is read again
      if ((sequence & 1) == 0 && (int) (meta >>> 32) == length && a == low && b == high
          && (long) LONGS.getAcquire(table, at) == sequence) {
        return (int) meta;
      }
    }
    return -1;
  }

  /** Remembers a part's count unless another thread is writing the entry it goes in. */
  void put(int length, long low, long high, int tokens) {
    int hash = hash(length, low, high);
    int bucket = bucket(hash);
    // an empty entry of the two first (a part is never empty), else the one a bit of the hash names
    int at = (bucket + (table[bucket * WIDTH + 1] == 0 ? 0 : table[(bucket + 1) * WIDTH + 1] == 0 ? 1 : hash & 1))
        * WIDTH;
    long sequence = (long) LONGS.getAcquire(table, at);
    if ((sequence & 1) != 0 || !LONGS.compareAndSet(table, at, sequence, sequence + 1)) {
      return;
    }
    table[at + 1] = (long) length << 32 | tokens;
    table[at + 2] = low;
    table[at + 3] = high;
    LONGS.setRelease(table, at, sequence + 2);
  }

  private static int bucket(int length, long low, long high) {
    return bucket(hash(length, low, high));
  }

  /** The first of the bucket's two entries. */
  private static int bucket(int hash) {
    return (hash >>> (Integer.SIZE - Integer.numberOfTrailingZeros(ENTRIES) + 1)) << 1;
  }

  private static int hash(int length, long low, long high) {
    long h = (low * 0x9E3779B97F4A7C15L + high) * 0xC2B2AE3D27D4EB4FL + length;
    return (int) (h ^ h >>> 29) * 0x9E3779B9;
  }
}
