package org.kmemlab.script;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.graalvm.polyglot.Value;

/** Crossing the JS boundary with plain data: JSON out (Jackson), machine options in. */
final class JsValues {
    private JsValues() {
    }

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode view: " + e.getMessage(), e);
        }
    }

    /** A JS options object → Java values MachineOptions understands (String, Boolean, Number, Map). */
    static Map<String, Object> toOptions(Value v) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (v == null || v.isNull()) {
            return m;
        }
        if (!v.hasMembers() || v.isString() || v.isNumber() || v.isBoolean()) {
            throw new IllegalArgumentException("machine() takes an options object like { profile: \"i386\", ram: \"2G\" }");
        }
        for (String key : v.getMemberKeys()) {
            m.put(key, plain(key, v.getMember(key)));
        }
        return m;
    }

    private static Object plain(String key, Value v) {
        if (v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isString()) {
            return v.asString();
        }
        if (v.isNumber()) {
            if (v.fitsInLong()) {
                return v.asLong();
            }
            if (v.fitsInDouble()) {
                return v.asDouble();
            }
            return v.asBigInteger();
        }
        if (v.hasMembers()) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String k : v.getMemberKeys()) {
                m.put(k, plain(key + "." + k, v.getMember(k)));
            }
            return m;
        }
        throw new IllegalArgumentException("machine option '" + key + "' has an unsupported value: " + v);
    }
}
