package dev.warden.bench.load;

import io.helidon.common.tls.Tls;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.WebClient;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientProtocolConfig;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The floor of the gateway load benchmark ({@code scripts/loadbench --gateways helidon,...}): a
 * proxy on the gateway's own stack that does nothing else. A Helidon SE WebServer takes
 * {@code POST /v1/chat/completions}, reads the body and sends it with Helidon's HTTP/1.1
 * WebClient (kept-alive connections, no Expect, TCP_NODELAY, as the gateway's upstream client)
 * to the upstream, and answers with the upstream's status, content type and body. No JSON, no
 * policy, no audit: what it adds over the mock is what any Helidon proxy adds on this machine,
 * as nginx's figure is what a proxy in C adds.
 */
public final class BareProxy {
  private BareProxy() {}

  public static void main(String[] args) throws Exception {
    PrintStream err = System.err;
    String host = "127.0.0.1";
    int port = 0;
    URI upstream = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        String v = args[++i];
        switch (a) {
          case "--host" -> host = v;
          case "--port" -> port = Integer.parseInt(v);
          case "--upstream" -> upstream = URI.create(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if (upstream == null || upstream.getHost() == null || !"http".equals(upstream.getScheme())) {
        throw new IllegalArgumentException("--upstream http://HOST:PORT is required");
      }
    } catch (IllegalArgumentException e) {
      err.println("bare-proxy: " + e.getMessage());
      err.println("usage: BareProxy --upstream http://127.0.0.1:PORT [--host 127.0.0.1] [--port 0]");
      System.exit(2);
      return;
    }
    java.util.logging.Logger.getLogger("io.helidon").setLevel(java.util.logging.Level.WARNING);
    Http1Client client = WebClient.builder()
        .baseUri(upstream)
        .tls(Tls.builder().enabled(false).build())
        .socketOptions(o -> o.tcpNoDelay(true))
        .connectTimeout(Duration.ofSeconds(5))
        .followRedirects(false)
        .sendExpectContinue(false)
        .build()
        .client(Http1Client.PROTOCOL, Http1ClientProtocolConfig.builder().build());
    WebServer server = WebServer.builder()
        .host(host)
        .port(port)
        .routing(r -> r.post("/v1/chat/completions", (req, res) -> forward(client, req, res))
            .get("/health", (req, res) -> res.send("ok")))
        .build()
        .start();
    System.out.println("bare proxy listening on http://" + host + ":" + server.port() + " -> " + upstream);
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      stopped.countDown();
    }));
    stopped.await();
  }

  private static void forward(Http1Client client, ServerRequest req, ServerResponse res) {
    byte[] body = req.content().as(byte[].class);
    try (Http1ClientResponse answer = client.post("/v1/chat/completions")
        .header(HeaderNames.CONTENT_TYPE, "application/json")
        .readTimeout(Duration.ofSeconds(30))
        .submit(body)) {
      res.status(answer.status());
      answer.headers().contentType().ifPresent(res.headers()::contentType);
      res.send(answer.as(byte[].class));
    } catch (RuntimeException e) {
      res.status(Status.BAD_GATEWAY_502).send("the upstream did not answer: " + e.getClass().getSimpleName());
    }
  }
}
