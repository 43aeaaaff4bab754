package dev.warden.gateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.dsl.model.Enums;
import dev.warden.gateway.auth.VirtualKeys;
import dev.warden.gateway.config.ConfigLoader;
import dev.warden.gateway.config.Finance;
import dev.warden.gateway.config.GatewayConfig;
import dev.warden.gateway.store.Store;
import dev.warden.gateway.testing.ShiftedClock;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The key store on H2, and authentication through it: revoked, expired and rotated keys. */
class KeyStoreTest {
  Store store;
  KeyStore keys;
  ShiftedClock clock;
  VirtualKeys auth;
  static final GatewayConfig.KeyConfig FROM_FILE = new GatewayConfig.KeyConfig("boot", ConfigLoader.sha256("wk-boot"),
      "ops", "platform", "", "", "us", "prod", List.of("admin"), List.of());

  @BeforeEach
  void open() {
    store = Store.open(Optional.empty());
    keys = new KeyStore(store);
    clock = new ShiftedClock();
    auth = new VirtualKeys(List.of(FROM_FILE), Optional.of(keys), clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  StoredKey key(String id, String secret, Optional<Instant> expires) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return new StoredKey(id, ConfigLoader.sha256(secret), Optional.empty(), Optional.empty(),
        new StoredKey.Identity("alice", "eng", "acme", "chat", "us", "prod", List.of("member")), List.of("small-us"),
        List.of(new Finance.RateLimit(60, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE)), expires, Optional.empty(), now,
        now);
  }

  @Test
  void aStoredKeyAuthenticatesAsTheConfigurationsKeysDo() {
    keys.create(key("k1", "wk-secret-1", Optional.empty()), Optional.empty());
    var found = assertInstanceOf(VirtualKeys.Lookup.Found.class, auth.lookup("wk-secret-1"));
    GatewayConfig.KeyConfig k = found.key();
    assertEquals("k1", k.id());
    assertEquals("eng", k.team());
    assertEquals(List.of("member"), k.roles());
    assertEquals(List.of("small-us"), k.models());
    assertEquals(List.of(new Finance.RateLimit(60, Enums.LimitUnit.REQUESTS, Enums.Per.MINUTE)), k.limits());
    assertEquals("boot", auth.find("wk-boot").orElseThrow().id());
    assertInstanceOf(VirtualKeys.Lookup.Unknown.class, auth.lookup("wk-nobody"));
    assertInstanceOf(VirtualKeys.Lookup.Unknown.class, auth.lookup(""));
  }

  @Test
  void onlyTheHashIsStored() throws Exception {
    keys.create(key("k1", "wk-secret-1", Optional.empty()), Optional.empty());
    try (Connection c = store.data().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM warden_keys")) {
      assertTrue(rs.next());
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        String v = rs.getString(i);
        assertFalse(v != null && v.contains("wk-secret-1"), rs.getMetaData().getColumnName(i));
      }
      assertEquals(ConfigLoader.sha256("wk-secret-1"), rs.getString("sha256"));
    }
  }

  @Test
  void aRevokedKeyIsRefusedAtOnceAndSaysSo() {
    keys.create(key("k1", "wk-secret-1", Optional.empty()), Optional.empty());
    assertTrue(keys.revoke("k1", clock.instant()));
    var refused = assertInstanceOf(VirtualKeys.Lookup.Refused.class, auth.lookup("wk-secret-1"));
    assertEquals("key_revoked", refused.code());
    assertTrue(refused.message().contains("revoked"), refused.message());
    assertFalse(refused.message().contains("wk-secret-1"), refused.message());
    Instant first = keys.get("k1").orElseThrow().revokedAt().orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    assertTrue(keys.revoke("k1", clock.instant()));
    assertEquals(first, keys.get("k1").orElseThrow().revokedAt().orElseThrow(), "the first revocation time stays");
    assertFalse(keys.revoke("nope", clock.instant()));
  }

  @Test
  void aKeyStopsAtItsExpiry() {
    keys.create(key("k1", "wk-secret-1", Optional.of(clock.instant().plusSeconds(60))), Optional.empty());
    assertInstanceOf(VirtualKeys.Lookup.Found.class, auth.lookup("wk-secret-1"));
    clock.advance(Duration.ofSeconds(61));
    var refused = assertInstanceOf(VirtualKeys.Lookup.Refused.class, auth.lookup("wk-secret-1"));
    assertEquals("key_expired", refused.code());
  }

  @Test
  void aRotatedSecretWorksUntilItsGraceEnds() {
    keys.create(key("k1", "wk-old", Optional.empty()), Optional.empty());
    Instant now = clock.instant();
    assertTrue(keys.rotate("k1", ConfigLoader.sha256("wk-new"), now.plusSeconds(30), now));
    assertEquals("k1", auth.find("wk-new").orElseThrow().id());
    assertEquals("k1", auth.find("wk-old").orElseThrow().id());
    clock.advance(Duration.ofSeconds(31));
    assertEquals("k1", auth.find("wk-new").orElseThrow().id());
    var refused = assertInstanceOf(VirtualKeys.Lookup.Refused.class, auth.lookup("wk-old"));
    assertEquals("key_rotated", refused.code());
    // a second rotation retires the first secret for good
    assertTrue(keys.rotate("k1", ConfigLoader.sha256("wk-newer"), clock.instant().plusSeconds(30), clock.instant()));
    assertInstanceOf(VirtualKeys.Lookup.Unknown.class, auth.lookup("wk-old"));
    assertEquals("k1", auth.find("wk-new").orElseThrow().id());
    // a revoked key is not rotated, and its grace secret stops too
    keys.revoke("k1", clock.instant());
    assertFalse(keys.rotate("k1", ConfigLoader.sha256("wk-x"), clock.instant().plusSeconds(30), clock.instant()));
    assertInstanceOf(VirtualKeys.Lookup.Refused.class, auth.lookup("wk-new"));
  }

  @Test
  void idsAreUniqueAndListingPages() {
    for (int i = 0; i < 5; i++) {
      keys.create(key("k" + i, "wk-s" + i, Optional.empty()), Optional.empty());
    }
    assertThrows(KeyStore.Conflict.class, () -> keys.create(key("k1", "wk-other", Optional.empty()), Optional.empty()));
    assertEquals(List.of("k0", "k1"), keys.list(Optional.empty(), 2).stream().map(StoredKey::id).toList());
    assertEquals(List.of("k2", "k3"), keys.list(Optional.of("k1"), 2).stream().map(StoredKey::id).toList());
    assertEquals(List.of("k4"), keys.list(Optional.of("k3"), 2).stream().map(StoredKey::id).toList());
  }

  @Test
  void aKeysBudgetIsARowOfWardenBudgets() throws Exception {
    Finance.Budget b = new Finance.Budget(Enums.Scope.KEY, "k1", new BigDecimal("12.5"), Finance.Period.MONTHLY,
        Optional.of(100.0));
    keys.create(key("k1", "wk-secret-1", Optional.empty()), Optional.of(b));
    assertEquals(Optional.of(b), keys.budget("k1"));
    try (Connection c = store.data().getConnection(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT scope, subject, amount_nanousd, period, cap_percent, origin"
            + " FROM warden_budgets")) {
      assertTrue(rs.next());
      assertEquals("key", rs.getString(1));
      assertEquals("k1", rs.getString(2));
      assertEquals(12_500_000_000L, rs.getLong(3));
      assertEquals("monthly", rs.getString(4));
      assertEquals(100.0, rs.getDouble(5));
      assertEquals("admin", rs.getString(6));
      assertFalse(rs.next());
    }
    StoredKey k = keys.get("k1").orElseThrow();
    assertTrue(keys.update(k, Optional.of(Optional.empty())));
    assertEquals(Optional.empty(), keys.budget("k1"));
    Finance.Budget none = new Finance.Budget(Enums.Scope.KEY, "k1", new BigDecimal("3"), Finance.Period.NONE,
        Optional.empty());
    assertTrue(keys.update(k, Optional.of(Optional.of(none))));
    assertEquals(Optional.of(none), keys.budget("k1"));
  }
}
