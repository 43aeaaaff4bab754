package dev.warden.gateway.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.engine.snapshot.PackSet;
import dev.warden.engine.snapshot.PolicySnapshot;
import dev.warden.gateway.api.ApiError;
import dev.warden.gateway.api.Http;
import dev.warden.gateway.audit.ReplayJson;
import dev.warden.gateway.chat.OpenAiChat;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code /admin/packs/shadow}: {@code POST} starts a shadow with candidate pack folders
 * ({@code {"folders": [...], "tests": [...], "sample": 0.25}}; paths on the gateway's host),
 * {@code GET} shows what it would have changed so far, {@code POST .../promote} makes the
 * candidate the active set atomically (later reloads read its folders), {@code DELETE} stops it.
 */
public final class ShadowEndpoint {
  static final int MAX_BODY = 64 * 1024;
  static final int MAX_FOLDERS = 64;
  private final ShadowRunner runner;
  private final PackSet packs;
  private final Clock clock;
  private final Consumer<PackSet.Candidate> promoted;

  /** @param promoted told after a promotion (the gateway watches the new folders) */
  public ShadowEndpoint(ShadowRunner runner, PackSet packs, Clock clock, Consumer<PackSet.Candidate> promoted) {
    this.runner = runner;
    this.packs = packs;
    this.clock = clock;
    this.promoted = promoted;
  }

  public void start(ServerRequest req, ServerResponse res) {
    JsonNode body = Http.json(req, MAX_BODY);
    if (!body.isObject()) {
      throw ApiError.badRequest("Send {\"folders\": [\"/path/to/candidate-packs\"], \"tests\": [...], \"sample\": 1}.");
    }
    for (var f : body.properties()) {
      if (!Set.of("folders", "tests", "sample").contains(f.getKey())) {
        throw ApiError.badRequest("Unknown field \"" + cut(f.getKey()) + "\"; send folders, tests and sample.");
      }
    }
    List<Path> folders = folders(body.path("folders"), "folders", true);
    List<Path> tests = folders(body.path("tests"), "tests", false);
    double sample = 1;
    if (body.has("sample")) {
      if (!body.path("sample").isNumber() || !(body.path("sample").asDouble() > 0 && body.path("sample").asDouble() <= 1)) {
        throw ApiError.badRequest("\"sample\" is the share of requests the shadow sees: a number above 0, at most 1.");
      }
      sample = body.path("sample").asDouble();
    }
    PackSet.Candidate candidate = packs.candidate(folders, tests);
    if (candidate.error().isPresent()) {
      ObjectNode o = OpenAiChat.JSON.createObjectNode();
      o.put("started", false);
      o.put("error", candidate.error().get());
      Http.send(res, 422, o);
      return;
    }
    ShadowRunner.Shadow s = runner.start(candidate, clock.instant(), sample);
    Http.send(res, 201, status(s));
  }

  public void status(ServerRequest req, ServerResponse res) {
    Http.send(res, 200, runner.current().map(ShadowEndpoint::status).orElseGet(ShadowEndpoint::inactive));
  }

  public void promote(ServerRequest req, ServerResponse res) {
    ShadowRunner.Shadow s = runner.current()
        .orElseThrow(() -> new ApiError(409, "invalid_request_error", "no_shadow", "No shadow is running; start one with"
            + " POST /admin/packs/shadow."));
    if (!runner.stop(s)) {
      throw new ApiError(409, "invalid_request_error", "shadow_changed", "The shadow changed meanwhile; look again.");
    }
    packs.promote(s.candidate());
    promoted.accept(s.candidate());
    ObjectNode o = status(s);
    o.put("active", false);
    o.put("promoted", s.candidate().snapshot().map(PolicySnapshot::revision).orElse(""));
    Http.send(res, 200, o);
  }

  public void stop(ServerRequest req, ServerResponse res) {
    ShadowRunner.Shadow s = runner.stop()
        .orElseThrow(() -> new ApiError(404, "not_found_error", "no_shadow", "No shadow is running."));
    ObjectNode o = status(s);
    o.put("active", false);
    Http.send(res, 200, o);
  }

  static ObjectNode status(ShadowRunner.Shadow s) {
    ObjectNode o = OpenAiChat.JSON.createObjectNode();
    o.put("active", true);
    PolicySnapshot snap = s.candidate().snapshot().orElseThrow();
    o.put("revision", snap.revision());
    ArrayNode packs = o.putArray("packs");
    snap.program().packs().forEach(p -> packs.add(p.name() + " " + p.version()));
    ArrayNode folders = o.putArray("folders");
    s.candidate().folders().forEach(f -> folders.add(f.toString()));
    o.put("started_at", s.started().toString());
    o.put("sample", s.sample());
    o.put("offered", s.offered());
    o.put("dropped", s.dropped());
    o.put("failed", s.failed());
    o.set("report", s.read(ReplayJson::write));
    return o;
  }

  private static ObjectNode inactive() {
    ObjectNode o = OpenAiChat.JSON.createObjectNode();
    o.put("active", false);
    return o;
  }

  private static List<Path> folders(JsonNode n, String name, boolean required) {
    if (n.isMissingNode() || n.isNull()) {
      if (required) {
        throw ApiError.badRequest("\"" + name + "\" is required: a list of folders on the gateway's host.");
      }
      return List.of();
    }
    if (!n.isArray() || n.size() > MAX_FOLDERS || required && n.isEmpty()) {
      throw ApiError.badRequest("\"" + name + "\" must be a list of 1 to " + MAX_FOLDERS + " folder paths.");
    }
    List<Path> out = new ArrayList<>();
    for (JsonNode x : n) {
      if (!x.isTextual() || x.asText().isEmpty() || x.asText().length() > 4096) {
        throw ApiError.badRequest("\"" + name + "\" must be a list of folder paths.");
      }
      Path p;
      try {
        p = Path.of(x.asText()).toAbsolutePath().normalize();
      } catch (InvalidPathException e) {
        throw ApiError.badRequest("\"" + cut(x.asText()) + "\" is not a path.");
      }
      if (!Files.isDirectory(p)) {
        throw ApiError.badRequest("\"" + cut(x.asText()) + "\" is not a folder on the gateway's host.");
      }
      out.add(p);
    }
    return out;
  }

  private static String cut(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...";
  }
}
