package org.perditioncamel.policy;

/** A grant that changed something: the client network (ClientNetwork's key) may relay until untilMillis. */
public record Grant(String key, long untilMillis) {
}
