package org.kmemlab.grader.replay;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.kmemlab.script.trace.TraceFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Compares one replayed call with its trace line, in this order: the error, the result, the events (when asked),
 * the state summary. Returns the difference in words, or null.
 */
final class StepCheck {
    /** Numbers compare by value (a trace's 5 is an int, a replayed 5 a long); everything else with equals. */
    private static final Comparator<JsonNode> VALUE = (a, b) -> {
        if (a.equals(b)) {
            return 0;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return 1;
    };

    private StepCheck() {
    }

    static boolean same(JsonNode a, JsonNode b) {
        return a.equals(VALUE, b);
    }

    /** The explanation of the first difference, or null. {@code replayedEvents} null: events are not compared. */
    static String check(String call, ObjectNode line, JsonNode result, String error, ArrayNode replayedEvents,
                        ObjectNode state) {
        JsonNode recErr = line.get("error");
        String recordedError = recErr == null || recErr.isNull() ? null : recErr.asText();
        if (recordedError != null && error == null) {
            return call + " raised an error in the trace (\"" + recordedError + "\") but returned " + show(result)
                + " on replay.";
        }
        if (recordedError == null && error != null) {
            return call + " returned " + show(line.path("result")) + " in the trace but raised an error on replay (\""
                + error + "\").";
        }
        if (recordedError != null) {
            return recordedError.equals(error) ? compareRest(call, line, replayedEvents, state)
                : call + " failed differently: in the trace \"" + recordedError + "\"; on replay \"" + error + "\".";
        }
        JsonNode recResult = line.path("result");
        if (!same(recResult, result)) {
            return call + " returned " + show(recResult) + " in the trace but " + show(result) + " on replay.";
        }
        return compareRest(call, line, replayedEvents, state);
    }

    private static String compareRest(String call, ObjectNode line, ArrayNode replayedEvents, ObjectNode state) {
        JsonNode recEvents = line.get("events");
        if (replayedEvents != null && recEvents != null && !same(recEvents, replayedEvents)) {
            return call + " emitted different events: " + eventDiff(recEvents, replayedEvents) + ".";
        }
        JsonNode recState = line.get("state");
        if (recState != null && !same(recState, state)) {
            return "After " + call + " the state differs from the trace's: " + stateDiff(recState, state) + ".";
        }
        return null;
    }

    /** A value as the messages show it: small numbers in decimal, others (and addresses) in hex. */
    static String show(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "nothing";
        }
        if (v.isIntegralNumber()) {
            long l = v.longValue();
            return Math.abs(l) < 4096 ? String.valueOf(l) : "0x" + Long.toHexString(l);
        }
        if (v.isTextual()) {
            return v.textValue().startsWith("0x") ? v.textValue() : "\"" + v.textValue() + "\"";
        }
        if (v.has("cache") && v.size() == 1) {
            return "cache " + v.get("cache").asText();
        }
        String t = v.toString();
        return t.length() > 300 ? t.substring(0, 300) + "..." : t;
    }

    private static String eventDiff(JsonNode rec, JsonNode rep) {
        int n = Math.max(rec.size(), rep.size());
        for (int i = 0; i < n; i++) {
            JsonNode a = rec.get(i);
            JsonNode b = rep.get(i);
            if (a == null || b == null || !same(a, b)) {
                return "event " + (i + 1) + " is " + event(a) + " in the trace but " + event(b) + " on replay";
            }
        }
        return "they differ";
    }

    private static String event(JsonNode e) {
        if (e == null) {
            return "absent";
        }
        List<String> parts = new ArrayList<>();
        for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!k.equals("name")) {
                parts.add(k + "=" + show(e.get(k)));
            }
        }
        return e.path("name").asText("?") + "(" + String.join(" ", parts) + ")";
    }

    /** The zones whose free lists or NR_FREE_PAGES differ, order by order. */
    static String stateDiff(JsonNode rec, JsonNode rep) {
        Set<String> zones = new LinkedHashSet<>();
        rec.fieldNames().forEachRemaining(zones::add);
        rep.fieldNames().forEachRemaining(zones::add);
        List<String> out = new ArrayList<>();
        for (String z : zones) {
            JsonNode a = rec.get(z);
            JsonNode b = rep.get(z);
            if (a == null || b == null) {
                out.add("zone " + z + " is populated " + (a == null ? "only on replay" : "only in the trace"));
                continue;
            }
            if (same(a, b)) {
                continue;
            }
            List<String> orders = new ArrayList<>();
            JsonNode fa = a.path("free");
            JsonNode fb = b.path("free");
            for (int o = 0; o < Math.max(fa.size(), fb.size()); o++) {
                long x = fa.has(o) ? TraceFormat.decodeLong(fa.get(o)) : 0;
                long y = fb.has(o) ? TraceFormat.decodeLong(fb.get(o)) : 0;
                if (x != y) {
                    orders.add("order " + o + " has " + x + " free block" + (x == 1 ? "" : "s") + " in the trace, "
                        + y + " on replay");
                }
            }
            long na = a.has("NR_FREE_PAGES") ? TraceFormat.decodeLong(a.get("NR_FREE_PAGES")) : 0;
            long nb = b.has("NR_FREE_PAGES") ? TraceFormat.decodeLong(b.get("NR_FREE_PAGES")) : 0;
            if (na != nb) {
                orders.add("NR_FREE_PAGES is " + na + " in the trace, " + nb + " on replay (" + Math.abs(nb - na)
                    + (nb > na ? " more" : " fewer") + ")");
            }
            out.add(z + ": " + String.join("; ", orders) + " (buddyinfo in the trace " + fa + ", on replay " + fb + ")");
        }
        return out.isEmpty() ? "they differ" : String.join(". ", out);
    }
}
