package dev.warden.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.gateway.audit.Recorder;
import dev.warden.gateway.audit.RequestRecord;
import dev.warden.gateway.pipeline.StreamGuard;
import java.util.List;

/**
 * A stream's sink that notes what the caller was sent in the request's record (warnings, an
 * error event) and commits the record before the stream's last event, so that in {@code sync}
 * mode the record is on disk before the caller sees the end of its answer. When the audit log
 * refuses the record (fail closed) the stream ends with that error instead of its normal end.
 */
final class RecordedSink implements StreamGuard.Sink {
  private final StreamGuard.Sink out;
  private final Recorder recorder;
  private final RequestRecord record;
  private boolean errorSent;

  RecordedSink(StreamGuard.Sink out, Recorder recorder, RequestRecord record) {
    this.out = out;
    this.recorder = recorder;
    this.record = record;
  }

  @Override
  public void headers(java.util.Map<String, String> headers) {
    out.headers(headers);
  }

  @Override
  public void start(String model, List<String> warnings, String revision) {
    record.warnings(warnings);
    out.start(model, warnings, revision);
  }

  @Override
  public void chunk(ObjectNode chunk) {
    out.chunk(chunk);
  }

  @Override
  public void warning(String message) {
    record.warnings(List.of(message));
    out.warning(message);
  }

  @Override
  public void error(ApiError error) {
    record.failed(error);
    errorSent = true;
    out.error(error);
  }

  @Override
  public void end() {
    try {
      recorder.commit(record);
    } catch (ApiError refused) {
      if (!errorSent) {
        out.error(refused);
      }
    }
    out.end();
  }
}
