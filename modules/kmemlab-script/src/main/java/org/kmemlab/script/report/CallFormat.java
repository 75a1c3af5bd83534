package org.kmemlab.script.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelEvent;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.trace.CallRecord;

/**
 * A recorded call as C-ish text for the report's step list: {@code __get_free_pages(GFP_KERNEL, 2) = 0xffff8800...}.
 * The {@link Kernel} interface types pfns, addresses and sizes all as {@code long} and has no parameter names at
 * run time, so which argument is a gfp mask or a page is looked up by function name here.
 */
final class CallFormat {
    private CallFormat() {
    }

    /** Functions whose first argument is a page (a pfn in the Kernel interface). */
    private static final Set<String> PAGE_ARG0 = Set.of("page_address", "__free_pages", "__free_page", "split_page",
        "get_page", "put_page", "page_count", "page_mapcount", "page_private", "pfn_to_page", "page_zonenum",
        "page_zone", "PageHighMem", "dump_page", "kmap", "kunmap", "kmap_atomic", "pkmap_count");

    /** Functions that return a page; -1 is NULL. */
    private static final Set<String> PAGE_RESULT = Set.of("alloc_pages", "alloc_page", "pfn_to_page", "virt_to_page",
        "vmalloc_to_page");

    /** Whether argument {@code i} of {@code fn} holds pfns (a page, or vmap's page array). */
    static boolean pageArg(String fn, int i) {
        return i == 0 && (PAGE_ARG0.contains(fn) || fn.equals("vmap"));
    }

    /** Whether {@code fn} returns a pfn. */
    static boolean pageResult(String fn) {
        return PAGE_RESULT.contains(fn) || fn.equals("vmalloc_to_pfn");
    }

    /** Where the gfp mask is, by function. */
    private static final Map<String, Integer> GFP_ARG = Map.ofEntries(Map.entry("alloc_pages", 0),
        Map.entry("alloc_page", 0), Map.entry("__get_free_pages", 0), Map.entry("__get_free_page", 0),
        Map.entry("get_zeroed_page", 0), Map.entry("__get_dma_pages", 0), Map.entry("alloc_pages_exact", 1),
        Map.entry("kmalloc", 1), Map.entry("kcalloc", 2), Map.entry("krealloc", 2), Map.entry("kmem_cache_alloc", 1),
        Map.entry("__vmalloc", 1));

    /** The composite masks tried first (largest first), then single __GFP_ bits. */
    private static final List<Map.Entry<String, Integer>> GFP_NAMES = gfpNames();

    static String call(CallRecord r) {
        String fn = r.fn();
        StringJoiner j = new StringJoiner(", ", fn + "(", ")");
        Object[] a = r.args();
        Integer gfpAt = GFP_ARG.get(fn);
        for (int i = 0; i < a.length; i++) {
            if (gfpAt != null && gfpAt == i && a[i] instanceof Integer g) {
                j.add(gfp(g));
            } else if (i == 0 && PAGE_ARG0.contains(fn) && a[i] instanceof Long pfn) {
                j.add(page(pfn));
            } else {
                j.add(value(a[i]));
            }
        }
        return j.toString();
    }

    static String result(CallRecord r) {
        if (r.error() != null) {
            return null;
        }
        Object v = r.result();
        if (v == null && r.method().getReturnType() == void.class) {
            return null;
        }
        if (PAGE_RESULT.contains(r.fn()) && v instanceof Long pfn) {
            return pfn < 0 ? "NULL" : page(pfn);
        }
        if (v instanceof Long l && l == 0 && r.fn().matches(".*(alloc|get_free|get_zeroed|get_dma|vmap|kmap).*")) {
            return "NULL";
        }
        return value(v);
    }

    static String page(long pfn) {
        return "pfn " + pfn;
    }

    static String value(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Long l) {
            return Math.abs(l) >= 0x10000 || l < -1 ? "0x" + Long.toHexString(l) : Long.toString(l);
        }
        if (v instanceof long[] arr) {
            StringJoiner j = new StringJoiner(", ", "{", "}");
            for (int i = 0; i < arr.length && i < 16; i++) {
                j.add(Long.toString(arr[i]));
            }
            if (arr.length > 16) {
                j.add("... " + arr.length + " in all");
            }
            return j.toString();
        }
        if (v instanceof SlabAllocator.KmemCache c) {
            return "cache \"" + c.name() + "\"";
        }
        if (v instanceof String s) {
            String one = s.length() > 80 ? s.substring(0, 77) + "..." : s;
            return "\"" + one.replace("\n", "\\n") + "\"";
        }
        if (v instanceof java.util.function.LongConsumer) {
            return "ctor";
        }
        String s = String.valueOf(v);
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }

    /** A gfp mask by name: GFP_KERNEL | __GFP_ZERO; the remaining unnamed bits in hex. */
    static String gfp(int mask) {
        if (mask == 0) {
            return "GFP_NOWAIT";
        }
        List<String> parts = new ArrayList<>();
        int rest = mask;
        boolean composite = false;
        for (Map.Entry<String, Integer> e : GFP_NAMES) {
            int v = e.getValue();
            boolean isComposite = !e.getKey().startsWith("__");
            if ((rest & v) == v && (!isComposite || !composite)) {
                parts.add(e.getKey());
                rest &= ~v;
                composite |= isComposite; // one GFP_* name, then the extra __GFP_ bits
            }
        }
        if (rest != 0) {
            parts.add("0x" + Integer.toHexString(rest));
        }
        return String.join(" | ", parts);
    }

    static String event(KernelEvent e) {
        StringBuilder sb = new StringBuilder(e.name());
        // pfn and order first (what a reader looks for), the other fields by name: the event's map has no order
        List<Map.Entry<String, Object>> fields = new ArrayList<>(e.fields().entrySet());
        List<String> first = List.of("pfn", "order");
        fields.sort(java.util.Comparator.<Map.Entry<String, Object>>comparingInt(f -> first.contains(f.getKey())
            ? first.indexOf(f.getKey()) : first.size()).thenComparing(Map.Entry::getKey));
        for (Map.Entry<String, Object> f : fields) {
            Object v = f.getValue();
            sb.append(' ').append(f.getKey()).append('=');
            if (f.getKey().equals("gfp_flags") && v instanceof Number n) {
                sb.append(gfp(n.intValue()));
            } else if (v instanceof Long l && l >= 0x10000 && !f.getKey().equals("pfn")) {
                sb.append("0x").append(Long.toHexString(l));
            } else {
                sb.append(v);
            }
        }
        return sb.toString();
    }

    private static List<Map.Entry<String, Integer>> gfpNames() {
        // the masks a reader writes: GFP_* composites (most bits first), then every __GFP_ bit
        List<Map.Entry<String, Integer>> out = new ArrayList<>();
        for (String n : List.of("GFP_HIGHUSER_MOVABLE", "GFP_HIGHUSER", "GFP_USER", "GFP_TEMPORARY", "GFP_KERNEL",
            "GFP_NOFS", "GFP_NOIO", "GFP_ATOMIC")) {
            out.add(Map.entry(n, Gfp.constants().get(n)));
        }
        Gfp.constants().entrySet().stream()
            .filter(e -> e.getKey().startsWith("__GFP_") && Integer.bitCount(e.getValue()) == 1)
            .sorted(Map.Entry.comparingByValue())
            .forEach(out::add);
        return out;
    }
}
