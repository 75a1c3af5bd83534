package org.kmemlab.script.trace;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import org.kmemlab.api.MachineConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A machine's {@link MachineConfig} in a trace's {@code machine} line, every field written so that replay boots
 * the identical machine: {@code {"profile": "x86_64", "ram": 67108864, "pageSize": 4096, "debug": true,
 * "pcp": false, "mobility": false, "seed": 9780, "modules": {"buddy": "/abs/my-buddy.js"}, "cmdline": ""}}.
 */
public final class TraceConfig {
    private TraceConfig() {
    }

    public static ObjectNode encode(MachineConfig c) {
        ObjectNode o = TraceFormat.NODES.objectNode();
        o.put("profile", c.profile());
        o.set("ram", TraceFormat.encodeLong(c.ramBytes()));
        o.put("pageSize", c.pageSize());
        o.put("debug", c.debug());
        o.put("pcp", c.pcp());
        o.put("mobility", c.mobility());
        o.set("seed", TraceFormat.encodeLong(c.seed()));
        ObjectNode mods = o.putObject("modules");
        c.modules().forEach(mods::put);
        o.put("cmdline", c.cmdline());
        return o;
    }

    /** The config a {@code machine} line describes; a missing or bad field throws IllegalArgumentException. */
    public static MachineConfig decode(JsonNode o) {
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("\"config\" must be an object");
        }
        Map<String, String> mods = new LinkedHashMap<>();
        JsonNode m = o.path("modules");
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            mods.put(e.getKey(), e.getValue().asText());
        }
        return new MachineConfig(text(o, "profile"), TraceFormat.decodeLong(need(o, "ram")),
            (int) TraceFormat.decodeLong(need(o, "pageSize")), bool(o, "debug"), bool(o, "pcp"), bool(o, "mobility"),
            TraceFormat.decodeLong(need(o, "seed")), mods, o.path("cmdline").asText(""));
    }

    private static JsonNode need(JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("machine config has no \"" + field + "\"");
        }
        return v;
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = need(o, field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("machine config \"" + field + "\" must be a string");
        }
        return v.textValue();
    }

    private static boolean bool(JsonNode o, String field) {
        JsonNode v = need(o, field);
        if (!v.isBoolean()) {
            throw new IllegalArgumentException("machine config \"" + field + "\" must be true or false");
        }
        return v.booleanValue();
    }
}
