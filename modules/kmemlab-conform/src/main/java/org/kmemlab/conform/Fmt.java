package org.kmemlab.conform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kmemlab.api.Gfp;

/** How failure messages write kernel values: gfp masks by name, pfns and addresses in hex. */
final class Fmt {
    private Fmt() {
    }

    /** The usual masks, most specific first. */
    private static final Map<String, Integer> COMPOSITES = new LinkedHashMap<>();
    /** Single __GFP_ bits by value. */
    private static final Map<Integer, String> BITS = new LinkedHashMap<>();

    static {
        COMPOSITES.put("GFP_HIGHUSER_MOVABLE", Gfp.GFP_HIGHUSER_MOVABLE);
        COMPOSITES.put("GFP_HIGHUSER", Gfp.GFP_HIGHUSER);
        COMPOSITES.put("GFP_USER", Gfp.GFP_USER);
        COMPOSITES.put("GFP_KERNEL", Gfp.GFP_KERNEL);
        COMPOSITES.put("GFP_NOFS", Gfp.GFP_NOFS);
        COMPOSITES.put("GFP_NOIO", Gfp.GFP_NOIO);
        COMPOSITES.put("GFP_ATOMIC", Gfp.GFP_ATOMIC);
        for (Map.Entry<String, Integer> e : Gfp.constants().entrySet()) {
            int v = e.getValue();
            if (e.getKey().startsWith("__GFP_") && v != 0 && Integer.bitCount(v) == 1 && !e.getKey().startsWith("__GFP_BITS")) {
                BITS.putIfAbsent(v, e.getKey());
            }
        }
    }

    /** {@code GFP_KERNEL|__GFP_ZERO}, {@code GFP_DMA}, {@code GFP_NOWAIT}. */
    static String gfp(int gfp) {
        if (gfp == 0) {
            return "GFP_NOWAIT";
        }
        if (gfp == Gfp.GFP_DMA) {
            return "GFP_DMA";
        }
        if (gfp == Gfp.GFP_DMA32) {
            return "GFP_DMA32";
        }
        List<String> parts = new ArrayList<>();
        int rest = gfp;
        for (Map.Entry<String, Integer> e : COMPOSITES.entrySet()) {
            if ((rest & e.getValue()) == e.getValue()) {
                parts.add(e.getKey());
                rest &= ~e.getValue();
                break;
            }
        }
        for (int b = 0; b < 32 && rest != 0; b++) {
            int bit = 1 << b;
            if ((rest & bit) != 0) {
                parts.add(BITS.getOrDefault(bit, String.format("0x%x", bit)));
                rest &= ~bit;
            }
        }
        return String.join("|", parts);
    }

    /** {@code pfn 0x1235}. */
    static String pfn(long pfn) {
        return "pfn 0x" + Long.toHexString(pfn);
    }

    /** An address in hex, 32-bit values without sign extension. */
    static String addr(long a) {
        return "0x" + Long.toHexString(a);
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** {@code 8 pages} / {@code 1 page}. */
    static String pages(long n) {
        return n + (n == 1 ? " page" : " pages");
    }
}
