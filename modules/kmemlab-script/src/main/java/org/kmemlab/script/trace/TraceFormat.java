package org.kmemlab.script.trace;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

import org.kmemlab.api.KernelEvent;
import org.kmemlab.api.Mmu;
import org.kmemlab.api.SlabAllocator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How kernel values travel in a trace (docs/traces.md). Longs from −2^31 to 2^53 are JSON numbers; others (x86_64
 * kernel addresses, values a JSON reader holding doubles would round) are {@code "0x…"} strings of the unsigned
 * 64-bit value; the decoder accepts both for any long. A {@code kmem_cache} is {@code {"cache": name}}, a
 * {@code kmem_cache_create} constructor {@code {"ctor": true}} (replayed as a no-op), a page-table walk a list of
 * {@code {name, index, entry, flags}}, view maps are objects. Encoding goes by the runtime value, decoding by the
 * {@link org.kmemlab.kernel.Kernel} method's parameter type.
 */
public final class TraceFormat {
    /** The trace format version in the header line. */
    public static final int VERSION = 1;

    public static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final long EXACT = 1L << 53;
    private static final Pattern HEX = Pattern.compile("0x[0-9a-fA-F]{1,16}");

    private TraceFormat() {
    }

    // ---------------------------------------------------------------- encoding

    /**
     * A long as the trace writes it: a JSON number from −2^31 to 2^53 (pfns, sizes, counts, NULL_PAGE −1, i386
     * addresses), otherwise a {@code "0x…"} string of the unsigned 64-bit value (x86_64 kernel addresses, which are
     * negative as Java longs, and anything a double could not hold).
     */
    public static JsonNode encodeLong(long v) {
        return isNumber(v) ? NODES.numberNode(v) : NODES.textNode("0x" + Long.toHexString(v));
    }

    private static boolean isNumber(long v) {
        return v >= Integer.MIN_VALUE && v <= EXACT;
    }

    /** Any value a {@code Kernel} method takes or returns. */
    public static JsonNode encode(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof Long l) {
            return encodeLong(l);
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return NODES.numberNode(((Number) v).intValue());
        }
        if (v instanceof Number n) {
            return NODES.numberNode(n.doubleValue());
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof String s) {
            return NODES.textNode(s);
        }
        if (v instanceof long[] a) {
            ArrayNode out = NODES.arrayNode(a.length);
            for (long x : a) {
                out.add(encodeLong(x));
            }
            return out;
        }
        if (v instanceof SlabAllocator.KmemCache c) {
            return NODES.objectNode().put("cache", c.name());
        }
        if (v instanceof LongConsumer) {
            return NODES.objectNode().put("ctor", true);
        }
        if (v instanceof Mmu.WalkStep w) {
            ObjectNode o = NODES.objectNode().put("name", w.name()).put("index", w.index());
            o.set("entry", encodeLong(w.entry()));
            o.set("flags", encode(w.flags()));
            return o;
        }
        if (v instanceof Iterable<?> it) {
            ArrayNode out = NODES.arrayNode();
            it.forEach(x -> out.add(encode(x)));
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = NODES.objectNode();
            m.forEach((k, x) -> o.set(String.valueOf(k), encode(x)));
            return o;
        }
        if (v instanceof int[] a) {
            ArrayNode out = NODES.arrayNode(a.length);
            for (int x : a) {
                out.add(x);
            }
            return out;
        }
        if (v instanceof Enum<?> e) {
            return NODES.textNode(e.name());
        }
        return NODES.textNode(String.valueOf(v));
    }

    /** A tracepoint event: its name first, then its fields sorted by name (field maps have no stable order). */
    public static ObjectNode encodeEvent(KernelEvent e) {
        ObjectNode o = NODES.objectNode().put("name", e.name());
        new TreeMap<>(e.fields()).forEach((k, v) -> o.set(k, encode(v)));
        return o;
    }

    // ---------------------------------------------------------------- decoding

    /**
     * A value of type {@code type} (a {@code Kernel} method's parameter or return type). {@code caches} finds the
     * replay's own kmem_cache by name (null for none); a ctor decodes to a no-op. Bad values throw
     * IllegalArgumentException.
     */
    public static Object decode(JsonNode n, Type type, Function<String, SlabAllocator.KmemCache> caches) {
        if (type == void.class || type == Void.class) {
            return null;
        }
        if (n == null || n.isNull()) {
            if (type instanceof Class<?> c && c.isPrimitive()) {
                throw new IllegalArgumentException("null where a " + c.getName() + " belongs");
            }
            return null;
        }
        if (type == long.class || type == Long.class) {
            return decodeLong(n);
        }
        if (type == int.class || type == Integer.class) {
            if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                throw new IllegalArgumentException("expected an int, got " + n);
            }
            return n.intValue();
        }
        if (type == boolean.class || type == Boolean.class) {
            if (!n.isBoolean()) {
                throw new IllegalArgumentException("expected true or false, got " + n);
            }
            return n.booleanValue();
        }
        if (type == String.class) {
            if (!n.isTextual()) {
                throw new IllegalArgumentException("expected a string, got " + n);
            }
            return n.textValue();
        }
        if (type == long[].class) {
            if (!n.isArray()) {
                throw new IllegalArgumentException("expected an array of pfns, got " + n);
            }
            long[] out = new long[n.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = decodeLong(n.get(i));
            }
            return out;
        }
        if (type == SlabAllocator.KmemCache.class) {
            JsonNode name = n.get("cache");
            if (name == null || !name.isTextual()) {
                throw new IllegalArgumentException("expected {\"cache\": name}, got " + n);
            }
            SlabAllocator.KmemCache c = caches == null ? null : caches.apply(name.textValue());
            if (c == null) {
                throw new IllegalArgumentException("no kmem_cache named " + name.textValue() + " was created before this call");
            }
            return c;
        }
        if (type == LongConsumer.class) {
            return (LongConsumer) addr -> { };
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class
            && p.getActualTypeArguments()[0] == Mmu.WalkStep.class) {
            List<Mmu.WalkStep> out = new ArrayList<>();
            for (JsonNode s : n) {
                List<String> flags = new ArrayList<>();
                s.path("flags").forEach(f -> flags.add(f.asText()));
                out.add(new Mmu.WalkStep(s.path("name").asText(), s.path("index").asInt(), decodeLong(s.get("entry")),
                    flags));
            }
            return out;
        }
        return decodeAny(n);
    }

    /** A long from a number or a {@code "0x…"} string. */
    public static long decodeLong(JsonNode n) {
        if (n != null && n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n != null && n.isTextual() && HEX.matcher(n.textValue()).matches()) {
            return Long.parseUnsignedLong(n.textValue().substring(2), 16);
        }
        throw new IllegalArgumentException("expected a number or a \"0x…\" string, got " + n);
    }

    /** An untyped value (a view map): integers become Longs, as do hex strings encodeLong would write; objects maps, arrays lists. */
    public static Object decodeAny(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual()) {
            String s = n.textValue();
            if (HEX.matcher(s).matches() && s.length() >= 12) {
                long v = Long.parseUnsignedLong(s.substring(2), 16);
                if (!isNumber(v) && s.equals("0x" + Long.toHexString(v))) {
                    return v; // exactly what encodeLong writes for a long it cannot write as a number
                }
            }
            return s;
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(x -> out.add(decodeAny(x)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), decodeAny(e.getValue()));
        }
        return out;
    }
}
