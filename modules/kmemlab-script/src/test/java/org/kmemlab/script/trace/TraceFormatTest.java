package org.kmemlab.script.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

import org.junit.jupiter.api.Test;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Mmu;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.kernel.Kernel;

import com.fasterxml.jackson.databind.JsonNode;

/** Every kind of value a Kernel method takes or returns survives encode → JSON text → decode. */
class TraceFormatTest {
    private static Object roundTrip(Object v, Type t) throws Exception {
        String text = TraceFormat.JSON.writeValueAsString(TraceFormat.encode(v));
        return TraceFormat.decode(TraceFormat.JSON.readTree(text), t, name -> cache(name));
    }

    private static SlabAllocator.KmemCache cache(String name) {
        return new SlabAllocator.KmemCache() {
            public String name() {
                return name;
            }

            public long objsize() {
                return 64;
            }

            public long size() {
                return 64;
            }
        };
    }

    private static Type param(String fn, int i) {
        for (Method m : Kernel.class.getMethods()) {
            if (m.getName().equals(fn)) {
                return m.getGenericParameterTypes()[i];
            }
        }
        throw new AssertionError(fn);
    }

    private static Type ret(String fn) {
        for (Method m : Kernel.class.getMethods()) {
            if (m.getName().equals(fn)) {
                return m.getGenericReturnType();
            }
        }
        throw new AssertionError(fn);
    }

    @Test
    void longsSmallAndHigh() throws Exception {
        for (long v : new long[] {0, 1, -1, 4096, (1L << 53), (1L << 53) + 1, -(1L << 53) - 1, 0xffff880000000000L,
            0xffffffffff600000L, Long.MIN_VALUE, Long.MAX_VALUE, 0xc0000000L}) {
            assertEquals(v, roundTrip(v, long.class), Long.toHexString(v));
        }
        assertEquals("\"0xffff880000001000\"", TraceFormat.encode(0xffff880000001000L).toString());
        assertEquals("6144", TraceFormat.encode(6144L).toString());
        assertEquals(255L, TraceFormat.decodeLong(TraceFormat.JSON.readTree("\"0xff\"")), "the decoder takes hex for any long");
        assertThrows(IllegalArgumentException.class, () -> TraceFormat.decodeLong(TraceFormat.JSON.readTree("\"12\"")));
        assertThrows(IllegalArgumentException.class, () -> TraceFormat.decodeLong(TraceFormat.JSON.readTree("1.5")));
    }

    @Test
    void intsBooleansStringsNull() throws Exception {
        assertEquals(0x2d0, roundTrip(0x2d0, param("alloc_pages", 0)));
        assertEquals(true, roundTrip(true, boolean.class));
        assertEquals("buddyinfo", roundTrip("buddyinfo", String.class));
        assertEquals(null, roundTrip(null, String.class));
        assertEquals(null, roundTrip(null, void.class));
        assertThrows(IllegalArgumentException.class, () -> roundTrip("x", int.class));
    }

    @Test
    void pfnArrays() throws Exception {
        long[] pfns = {1, 0x18e0, 0xfffffffffffL, 0xffff880000000000L};
        assertArrayEquals(pfns, (long[]) roundTrip(pfns, param("vmap", 0)));
    }

    @Test
    void cachesByNameAndCtorsAsNoOps() throws Exception {
        JsonNode c = TraceFormat.encode(cache("my_cache"));
        assertEquals("{\"cache\":\"my_cache\"}", c.toString());
        Object back = roundTrip(cache("my_cache"), param("kmem_cache_alloc", 0));
        assertEquals("my_cache", ((SlabAllocator.KmemCache) back).name());
        assertThrows(IllegalArgumentException.class,
            () -> TraceFormat.decode(c, SlabAllocator.KmemCache.class, n -> null));
        LongConsumer ctor = a -> { };
        assertEquals("{\"ctor\":true}", TraceFormat.encode(ctor).toString());
        Object replayed = roundTrip(ctor, param("kmem_cache_create", 4));
        assertTrue(replayed instanceof LongConsumer);
        ((LongConsumer) replayed).accept(0xffff880000001000L); // a no-op
    }

    @Test
    void walksMapsAndConfigs() throws Exception {
        List<Mmu.WalkStep> walk = List.of(new Mmu.WalkStep("PGD", 273, 0x1a03067L, List.of("P", "RW")),
            new Mmu.WalkStep("PTE", 5, 0x8000000001a05163L, List.of("P", "NX")));
        assertEquals(walk, roundTrip(walk, ret("walk")));
        Map<String, Object> zone = new LinkedHashMap<>();
        zone.put("name", "DMA32");
        zone.put("start_pfn", 4096L);
        zone.put("high", 0xffff880000000000L);
        zone.put("watermarks", List.of(1L, 2L, 3L));
        zone.put("present", true);
        assertEquals(zone, roundTrip(zone, ret("page_zone")));
        MachineConfig c = new MachineConfig("i386", 64L << 20, 8192, false, true, true, 0xdeadbeefcafe1234L,
            Map.of("buddy", "/tmp/x.js", "slab", "slob"), "slub_nomerge");
        assertEquals(c, TraceConfig.decode(TraceFormat.JSON.readTree(TraceConfig.encode(c).toString())));
        assertEquals(MachineConfig.defaults(), TraceConfig.decode(TraceConfig.encode(MachineConfig.defaults())));
    }
}
