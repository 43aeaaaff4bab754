package dev.warden.gateway.audit.export;

import dev.warden.gateway.audit.Written;
import dev.warden.gateway.config.Observability;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Sends audit records as RFC 5424 syslog messages over TCP, framed by octet counting (RFC 6587
 * section 3.4.1: {@code <length> <message>}), as rsyslog, syslog-ng and most SIEM collectors
 * accept. Each message: {@code <PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID audit
 * [warden@32473 seq=".." id=".." outcome=".." status=".."] BOM<the record's JSON line>}.
 * Severity: error (3) for failed requests, warning (4) for blocked ones, informational (6)
 * otherwise; the facility is configured (default 13, log audit). 32473 is the private enterprise
 * number RFC 5612 reserves for documentation: change it if you have your own. A lost connection
 * is opened again with backoff and the batch that failed is sent again (a receiver may see a
 * record twice). Before each batch the connection is checked for a receiver that closed it;
 * a receiver that vanishes without closing (a crash, a cut network) can still lose the batch
 * in flight, as with any syslog over plain TCP.
 */
public final class SyslogExporter extends Exporter {
  static final String SD_ID = "warden@32473";
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_INSTANT;
  private final Observability.Syslog config;
  private final String host;
  private final String procId;
  private Socket socket;
  private OutputStream out;

  public SyslogExporter(Observability.Syslog config, String host) {
    super("syslog", config.backlog(), 100);
    this.config = config;
    this.host = printable(host, 255);
    this.procId = Long.toString(ProcessHandle.current().pid());
    startThread();
  }

  @Override
  protected void prepare() throws IOException {
    release();
    Socket s = new Socket();
    s.connect(new InetSocketAddress(config.host(), config.port()), 5000);
    s.setTcpNoDelay(true);
    socket = s;
    out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
  }

  @Override
  protected void send(List<Written> records) throws IOException {
    if (peerClosed()) {
      throw new IOException("the syslog receiver closed the connection");
    }
    for (Written w : records) {
      byte[] msg = message(w);
      out.write(Integer.toString(msg.length).getBytes(StandardCharsets.US_ASCII));
      out.write(' ');
      out.write(msg);
    }
    out.flush();
  }

  /**
   * Whether the receiver closed the connection: a syslog receiver never writes to its clients,
   * so a read that ends (rather than times out) means it has gone. Checked before each batch,
   * because a write into a connection the peer closed still succeeds once and the batch would
   * be lost unnoticed.
   */
  private boolean peerClosed() throws IOException {
    int before = socket.getSoTimeout();
    try {
      socket.setSoTimeout(1);
      return socket.getInputStream().read() < 0;
    } catch (java.net.SocketTimeoutException alive) {
      return false;
    } finally {
      socket.setSoTimeout(before);
    }
  }

  byte[] message(Written w) {
    String outcome = w.record().path("outcome").asText("served");
    int severity = outcome.equals("failed") ? 3 : outcome.equals("blocked") ? 4 : 6;
    int pri = config.facility() * 8 + severity;
    String time;
    try {
      time = TIME.format(Instant.parse(w.record().path("time").asText()).truncatedTo(ChronoUnit.MICROS));
    } catch (RuntimeException e) {
      time = "-";
    }
    String header = "<" + pri + ">1 " + time + " " + host + " " + printable(config.appName(), 48) + " "
        + procId + " audit [" + SD_ID + " seq=\"" + w.seq() + "\" id=\"" + param(w.record().path("id").asText())
        + "\" outcome=\"" + param(outcome) + "\" status=\"" + w.record().path("status").asInt() + "\"] ";
    ByteArrayOutputStream b = new ByteArrayOutputStream(header.length() + w.line().length() + 8);
    b.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(BOM);
    b.writeBytes(w.line().getBytes(StandardCharsets.UTF_8));
    return b.toByteArray();
  }

  /** An RFC 5424 header field: printable US-ASCII without spaces, at most {@code max}; "-" when empty. */
  static String printable(String s, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < max; i++) {
      char c = s.charAt(i);
      if (c > 32 && c < 127) {
        b.append(c);
      }
    }
    return b.isEmpty() ? "-" : b.toString();
  }

  /** A structured-data parameter value: ", \ and ] escaped, ASCII only. */
  static String param(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 200; i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c == ']') {
        b.append('\\');
      }
      b.append(c >= 32 && c < 127 ? c : '?');
    }
    return b.toString();
  }

  @Override
  protected void release() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already gone
      }
      socket = null;
      out = null;
    }
  }
}
