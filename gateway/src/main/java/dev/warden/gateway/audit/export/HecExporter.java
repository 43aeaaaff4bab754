package dev.warden.gateway.audit.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.audit.Written;
import dev.warden.gateway.config.Observability;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;

/**
 * Sends audit records to a Splunk HTTP Event Collector (or anything that speaks its protocol:
 * Splunk, Cribl, Vector, Elastic's HEC input): batches of events, one JSON object each,
 * {@code {"time", "host", "source", "sourcetype", "index", "event": <record>}}, POSTed to the
 * configured URL ({@code .../services/collector/event}) with {@code Authorization: Splunk
 * <token>}. 2xx is sent; 400 and 413 (the batch itself is refused) drop it; anything else
 * (429, 5xx, 401/403 while a token is being fixed, no connection) is retried with backoff.
 */
public final class HecExporter extends Exporter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Observability.Hec config;
  private final HttpClient http;
  private final String host;

  public HecExporter(Observability.Hec config, String host) {
    super("splunk_hec", config.backlog(), config.batch());
    this.config = config;
    this.host = host;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
    startThread();
  }

  @Override
  protected void send(List<Written> records) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream(records.size() * 2048);
    for (Written w : records) {
      body.write(JSON.writeValueAsBytes(event(w)));
      body.write('\n');
    }
    HttpRequest.Builder req = HttpRequest.newBuilder(config.url()).timeout(config.timeout())
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    if (!config.token().isEmpty()) {
      req.header("authorization", "Splunk " + config.token());
    }
    HttpResponse<String> res;
    try {
      res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
    int s = res.statusCode();
    if (s / 100 == 2) {
      return;
    }
    String why = "HTTP " + s + " from " + config.url().getHost() + ": " + cut(res.body());
    if (s == 400 || s == 413) {
      throw new Rejected(why);
    }
    throw new IOException(why);
  }

  ObjectNode event(Written w) {
    ObjectNode e = JSON.createObjectNode();
    Instant t;
    try {
      t = Instant.parse(w.record().path("time").asText());
    } catch (RuntimeException ex) {
      t = Instant.now();
    }
    e.put("time", t.getEpochSecond() + t.getNano() / 1e9);
    e.put("host", host);
    e.put("source", "warden");
    e.put("sourcetype", config.sourcetype());
    if (!config.index().isEmpty()) {
      e.put("index", config.index());
    }
    e.set("event", w.record());
    return e;
  }

  private static String cut(String s) {
    String one = s.replaceAll("\\s+", " ");
    return one.length() <= 200 ? one : one.substring(0, 200) + "...";
  }
}
