package dev.warden.gateway.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A record as it was written to the local log: its sequence number, its segment, the exact
 * line (without the newline) and its JSON. Exporters receive these; they must not change
 * {@code record}.
 */
public record Written(long seq, long segment, String line, ObjectNode record) {}
