package dev.warden.gateway.providers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP/1.1 upstream on a raw loopback socket that answers each request with the bytes a test
 * scripts, so tests can send what no well-behaved server sends: odd chunk boundaries, answers
 * without a length, a close while a connection idles, a trickle, garbage. It records every
 * request with the number of the connection it came on.
 */
final class ScriptedUpstream implements AutoCloseable {
  /** A request as received: its connection (counted from 0), head lines and body. */
  record Request(int connection, List<String> head, byte[] body) {
    String line() {
      return head.getFirst();
    }

    /** The values of a header, by name in any case. */
    List<String> headers(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return head.stream().skip(1).filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(h -> h.substring(prefix.length()).strip()).toList();
    }

    Optional<String> header(String name) {
      List<String> all = headers(name);
      return all.isEmpty() ? Optional.empty() : Optional.of(all.getFirst());
    }

    String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Answers one request; returns whether to keep the connection open for the next. */
  interface Script {
    boolean answer(Request request, OutputStream out) throws IOException, InterruptedException;
  }

  private final ServerSocket server;
  private final Script script;
  private final AtomicInteger connections = new AtomicInteger();
  private final List<Request> received = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  ScriptedUpstream(Script script) {
    this.script = script;
    try {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread.ofVirtual().name("scripted-upstream").start(this::accept);
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
  }

  int connections() {
    return connections.get();
  }

  List<Request> received() {
    return received;
  }

  /** A whole answer with a Content-Length. */
  static void write(OutputStream out, int status, String contentType, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    out.write(("HTTP/1.1 " + status + " X\r\ncontent-type: " + contentType + "\r\ncontent-length: " + b.length
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(b);
    out.flush();
  }

  /** An answer in chunked transfer encoding, cut into chunks of {@code size} bytes wherever they fall. */
  static void writeChunked(OutputStream out, String contentType, String body, int size) throws IOException {
    out.write(("HTTP/1.1 200 OK\r\ncontent-type: " + contentType + "\r\ntransfer-encoding: chunked\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i += size) {
      int n = Math.min(size, b.length - i);
      out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(b, i, n);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        open.add(s);
        int n = connections.getAndIncrement();
        Thread.ofVirtual().name("scripted-upstream-" + n).start(() -> serve(s, n));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s, int connection) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      while (true) {
        List<String> head = readHead(in);
        if (head == null) {
          return;
        }
        int length = head.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith("content-length:"))
            .map(h -> Integer.parseInt(h.substring("content-length:".length()).strip())).findFirst().orElse(0);
        Request r = new Request(connection, head, in.readNBytes(length));
        received.add(r);
        if (!script.answer(r, out)) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // the client went away, or the test ended
    }
  }

  /** The request line and headers, or null at the end of the connection. */
  private static List<String> readHead(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    List<String> head = new java.util.ArrayList<>();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String l = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
        line.reset();
        if (l.isEmpty()) {
          return head;
        }
        head.add(l);
      } else {
        line.write(c);
      }
    }
    return null;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
