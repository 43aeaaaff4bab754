package dev.warden.engine.detect.injection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.dsl.schema.Schema;
import org.junit.jupiter.api.Test;

/** The language warns about signal names the detector never reports (WDN-A011): the two lists agree. */
class SignalNamesTest {
  @Test
  void theDetectorReportsExactlyTheSignalsTheLanguageKnows() {
    assertEquals(Schema.INJECTION_SIGNALS, Signals.ALL);
  }
}
