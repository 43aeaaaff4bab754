package dev.warden.gateway.metrics;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code GET /metrics}: the registry in the Prometheus text format, or OpenMetrics when the
 * scraper's {@code Accept} header asks for it (as Prometheus itself does).
 */
public final class MetricsEndpoint {
  private final GatewayMetrics metrics;
  private final ExpositionFormats formats = ExpositionFormats.init();

  public MetricsEndpoint(GatewayMetrics metrics) {
    this.metrics = metrics;
  }

  public void handle(ServerRequest req, ServerResponse res) {
    String accept = req.headers().first(HeaderNames.ACCEPT).orElse("");
    ExpositionFormatWriter writer = formats.findWriter(accept);
    if (writer.getContentType().contains("protobuf")) {
      writer = formats.getPrometheusTextFormatWriter();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    try {
      writer.write(out, metrics.registry().scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    res.status(Status.OK_200);
    res.header(HeaderNames.CONTENT_TYPE, writer.getContentType());
    res.send(out.toByteArray());
  }
}
