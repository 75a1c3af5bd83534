package org.kmemlab.grader.strict;

import java.util.ArrayList;
import java.util.List;

/** A kernel call written as C for messages: strict-mode divergences and trace replay share it. */
public final class CallText {
    private CallText() {
    }

    /** The call as C, e.g. {@code alloc_pages(GFP_KERNEL, 2)}, {@code __free_pages(pfn 0x18e0, 1)}, {@code readq(0x...)}. */
    public static String of(String name, Object[] args) {
        List<String> parts = new ArrayList<>();
        Integer gfpAt = LockstepKernel.gfpIndex(name);
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (gfpAt != null && gfpAt == i && a instanceof Integer g) {
                parts.add(LockstepKernel.gfpName(g));
            } else if (i == 0 && LockstepKernel.pfnArg(name) && a instanceof Long p) {
                parts.add("pfn " + hex(p));
            } else if (a instanceof Long l && LockstepKernel.addrArg(name, i)) {
                parts.add(hex(l));
            } else if (a instanceof org.kmemlab.api.SlabAllocator.KmemCache c) {
                parts.add(c.name());
            } else if (a instanceof String str) {
                parts.add("\"" + str + "\"");
            } else if (a instanceof long[] pfns) {
                parts.add(pfns.length + " pages");
            } else if (a instanceof java.util.function.LongConsumer) {
                parts.add("ctor");
            } else {
                parts.add(String.valueOf(a));
            }
        }
        String n = switch (name) {
            case "read" -> "read" + (args.length > 1 ? sizeLetter(args[1]) : "");
            case "write" -> "write" + (args.length > 1 ? sizeLetter(args[1]) : "");
            default -> name;
        };
        if (name.equals("read") || name.equals("write")) {
            parts.remove(1);
        }
        return n + "(" + String.join(", ", parts) + ")";
    }

    private static String sizeLetter(Object size) {
        return switch (String.valueOf(size)) {
            case "1" -> "b";
            case "2" -> "w";
            case "4" -> "l";
            default -> "q";
        };
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
