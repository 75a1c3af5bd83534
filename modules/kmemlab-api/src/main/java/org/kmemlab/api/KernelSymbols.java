package org.kmemlab.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulated kernel's symbol table, for call traces: every kernel function kmemlab mirrors gets a
 * fixed place in kernel text (0xffffffff81000000 on x86_64, 0xc1000000 on i386), assigned in registration order. The
 * addresses are kmemlab's, not a real vmlinux's; they are stable across runs so reports can be diffed.
 */
public final class KernelSymbols {
    private KernelSymbols() {
    }

    private static final long TEXT = 0xffffffff81000000L;
    private static final int SIZE = 0x200;
    private static final Map<String, Long> TABLE = new LinkedHashMap<>();

    static {
        for (String s : new String[] {
            "bad_page", "free_pages_check", "__free_pages_ok", "free_hot_cold_page", "__free_pages",
            "free_pages", "put_page", "get_page", "__rmqueue", "buffered_rmqueue", "get_page_from_freelist",
            "__alloc_pages_nodemask", "__get_free_pages", "alloc_pages_exact", "free_pages_exact", "split_page",
            "prep_new_page", "__free_one_page", "free_pcppages_bulk", "drain_all_pages", "page_address",
            "__alloc_pages_slowpath", "do_page_fault", "kmalloc", "kfree", "vmalloc", "vfree",
            "scenario_init"}) {
            TABLE.put(s, TEXT + 0x100000L + (long) TABLE.size() * SIZE);
        }
    }

    /** The address printed for a return address inside fn: 16 hex digits, or 8 on a 32-bit kernel (text at 0xc1000000). */
    public static String address(String fn, boolean is64) {
        String a = address(fn);
        return is64 ? a : "c1" + a.substring(a.length() - 6);
    }

    public static synchronized String address(String fn) {
        Long a = TABLE.get(fn);
        if (a == null) {
            a = TEXT + 0x100000L + (long) TABLE.size() * SIZE;
            TABLE.put(fn, a);
        }
        return Long.toHexString(a + 0x1e);
    }

    /** %pS of a return address inside fn. */
    public static String describe(String fn) {
        return fn + "+0x1e/0x" + Integer.toHexString(SIZE);
    }
}
