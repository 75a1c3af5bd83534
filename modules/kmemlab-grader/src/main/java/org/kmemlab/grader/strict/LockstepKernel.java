package org.kmemlab.grader.strict;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelEvent;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.Profile;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.api.Zone;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;

/**
 * The {@link Kernel} a strict run hands the script: a proxy that makes every call on the reference machine, then
 * on the student's, and compares. The script sees the student's result.
 */
final class LockstepKernel implements InvocationHandler {
    /** Calls that read and cannot change allocator state: only their results are compared. */
    private static final Set<String> PURE = Set.of("page_address", "page_count", "page_mapcount", "page_private",
        "pfn_to_page", "virt_to_page", "virt_addr_valid", "__pa", "__va", "page_zonenum", "page_zone", "PageHighMem",
        "pageFlag", "pageFlagsRaw", "pageCountField", "pageMapcountField", "pagePrivateField", "pageMappingField",
        "pageIndexField", "pageVirtualField", "pageFlagNames", "dump_page", "tainted", "read", "memchr_inv", "ksize",
        "vmalloc_to_pfn", "vmalloc_to_page", "translate", "walk", "read_cr3", "pkmap_count", "proc", "view");
    /** Calls handed to the student's machine alone (identity, configuration, the log, handles). */
    private static final Set<String> STUDENT_ONLY = Set.of("config", "profile", "modules", "available_modules", "mmu",
        "events", "physmem", "slabAllocator", "vmallocAllocator", "constants", "dmesg", "hashCode", "equals", "toString");
    /** Calls whose first argument is a pfn. */
    private static final Set<String> PFN_ARG = Set.of("page_address", "__free_pages", "__free_page", "split_page",
        "get_page", "put_page", "page_count", "page_mapcount", "page_private", "pfn_to_page", "page_zonenum",
        "page_zone", "PageHighMem", "pageFlag", "pageFlagsRaw", "pageCountField", "pageMapcountField",
        "pagePrivateField", "pageMappingField", "pageIndexField", "pageVirtualField", "pageFlagNames", "dump_page",
        "kmap", "kunmap", "kmap_atomic", "pkmap_count");
    /** Calls that return a pfn (NULL_PAGE = −1). */
    private static final Set<String> PFN_RESULT = Set.of("alloc_pages", "alloc_page", "pfn_to_page", "virt_to_page",
        "vmalloc_to_page");
    /** Calls that return an address from the page allocator (0 = failure). */
    private static final Set<String> PAGE_ADDR_RESULT = Set.of("__get_free_pages", "__get_free_page",
        "get_zeroed_page", "__get_dma_pages", "alloc_pages_exact");
    /** Index of the gfp argument. */
    private static final Map<String, Integer> GFP_ARG = Map.ofEntries(Map.entry("alloc_pages", 0),
        Map.entry("alloc_page", 0), Map.entry("__get_free_pages", 0), Map.entry("__get_free_page", 0),
        Map.entry("get_zeroed_page", 0), Map.entry("__get_dma_pages", 0), Map.entry("alloc_pages_exact", 1),
        Map.entry("kmalloc", 1), Map.entry("kcalloc", 2), Map.entry("krealloc", 2), Map.entry("kmem_cache_alloc", 1),
        Map.entry("__vmalloc", 1));
    /** Index of the order argument. */
    private static final Map<String, Integer> ORDER_ARG = Map.of("alloc_pages", 1, "__get_free_pages", 1,
        "__get_dma_pages", 1, "__free_pages", 1, "free_pages", 1, "split_page", 1);
    /** Calls whose long arguments (other than gfp/order/pfn/sizes) are addresses, by index. */
    private static final Map<String, int[]> ADDR_ARGS = Map.ofEntries(Map.entry("free_pages", new int[] {0}),
        Map.entry("free_page", new int[] {0}), Map.entry("free_pages_exact", new int[] {0}),
        Map.entry("virt_to_page", new int[] {0}), Map.entry("virt_addr_valid", new int[] {0}),
        Map.entry("__pa", new int[] {0}), Map.entry("__va", new int[] {0}), Map.entry("read", new int[] {0}),
        Map.entry("write", new int[] {0, 2}), Map.entry("memset", new int[] {0}), Map.entry("memcpy", new int[] {0, 1}),
        Map.entry("memchr_inv", new int[] {0}), Map.entry("krealloc", new int[] {0}), Map.entry("kfree", new int[] {0}),
        Map.entry("ksize", new int[] {0}), Map.entry("kmem_cache_free", new int[] {1}), Map.entry("vfree", new int[] {0}),
        Map.entry("vunmap", new int[] {0}), Map.entry("vmalloc_to_pfn", new int[] {0}),
        Map.entry("vmalloc_to_page", new int[] {0}), Map.entry("translate", new int[] {0}),
        Map.entry("walk", new int[] {0}), Map.entry("kunmap_atomic", new int[] {0}), Map.entry("__vmalloc", new int[] {2}),
        Map.entry("vmap", new int[] {2}));

    private final Side ref;
    private final Side stu;
    private final boolean compareSlab;
    private final BiConsumer<String, String> recordFailure;
    private final Map<SlabAllocator.KmemCache, SlabAllocator.KmemCache> caches = new IdentityHashMap<>();
    private final Kernel self;
    private int depth;
    private boolean diverged;

    private LockstepKernel(Kernel reference, Kernel student, Set<String> studentSlots,
                           BiConsumer<String, String> recordFailure) {
        this.ref = new Side("reference", reference);
        this.stu = new Side("yours", student);
        this.compareSlab = studentSlots.contains("slab");
        this.recordFailure = recordFailure;
        this.self = (Kernel) Proxy.newProxyInstance(Kernel.class.getClassLoader(), new Class<?>[] {Kernel.class}, this);
    }

    static Kernel boot(MachineConfig student, MachineConfig reference, Set<String> studentSlots,
                       BiConsumer<String, String> recordFailure) {
        Kernel r = Machine.boot(reference);
        Kernel s;
        try {
            s = Machine.boot(student);
        } catch (RuntimeException e) {
            closeAllocator(r.pageAllocator());
            throw e;
        }
        return new LockstepKernel(r, s, studentSlots, recordFailure).self;
    }

    // ------------------------------------------------------------------ one side

    /** One machine: its kernel, mem_map, zones, the pfns its events named during the current call, the last state. */
    static final class Side {
        final String who;
        final Kernel k;
        final MemMap map;
        final List<Zone> zones;
        final PageAllocator pa;
        long[] touched = new long[64];
        int nTouched;
        State last;

        Side(String who, Kernel k) {
            this.who = who;
            this.k = k;
            this.map = k.physmem().memMap();
            this.zones = k.physmem().zones();
            this.pa = k.pageAllocator();
            k.events().subscribe(this::onEvent);
            this.last = capture();
        }

        private void onEvent(KernelEvent e) {
            Object p = e.fields().get("pfn");
            if (!(p instanceof Number n)) {
                return;
            }
            Object o = e.fields().containsKey("order") ? e.fields().get("order") : e.fields().get("alloc_order");
            add(n.longValue(), o instanceof Number on ? on.intValue() : 0);
        }

        void add(long pfn, int order) {
            if (nTouched + 2 > touched.length) {
                touched = Arrays.copyOf(touched, touched.length * 2);
            }
            touched[nTouched++] = pfn;
            touched[nTouched++] = order;
        }

        State capture() {
            long[][] free = new long[zones.size()][];
            long[][] stat = new long[zones.size()][];
            long[] pcp = new long[zones.size()];
            for (int i = 0; i < zones.size(); i++) {
                Zone z = zones.get(i);
                stat[i] = z.vmStat.clone();
                free[i] = new long[Profile.MAX_ORDER];
                if (z.populated()) {
                    for (int o = 0; o < Profile.MAX_ORDER; o++) {
                        free[i][o] = pa.nrFree(z.index, o);
                    }
                    pcp[i] = pa.pcp(z.index)[0];
                }
            }
            return new State(free, stat, pcp);
        }

        boolean freeHead(long pfn, int order) {
            return map.pfnValid(pfn) && map.test(pfn, PageFlags.PG_buddy) && map.priv(pfn) == order;
        }

        /** The pfn of a direct-map address, or −1. */
        long pfnOfAddr(long addr) {
            try {
                return addr != 0 && k.virt_addr_valid(addr) ? k.virt_to_page(addr) : -1;
            } catch (RuntimeException e) {
                return -1;
            }
        }
    }

    /** Per zone: nr_free per order, the zone counters, the per-CPU list count. */
    record State(long[][] free, long[][] stat, long[] pcp) {
        boolean sameAs(State o) {
            return Arrays.deepEquals(free, o.free) && Arrays.deepEquals(stat, o.stat) && Arrays.equals(pcp, o.pcp);
        }
    }

    // ------------------------------------------------------------------ the proxy

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
        String name = m.getName();
        if (name.equals("pageAllocator")) {
            return pairedAllocator();
        }
        if (STUDENT_ONLY.contains(name)) {
            if (name.equals("equals")) {
                return proxy == args[0];
            }
            if (name.equals("hashCode")) {
                return System.identityHashCode(proxy);
            }
            if (name.equals("toString")) {
                return "lockstep(" + stu.k.modules() + " vs reference " + ref.k.modules() + ")";
            }
            return call(m, stu.k, args);
        }
        Object[] refArgs = referenceArgs(name, args);
        if (depth > 0 || diverged) {
            // a ctor calling back into the kernel, or a test that has already diverged: keep both machines going
            depth++;
            try {
                try {
                    call(m, ref.k, refArgs);
                } catch (RuntimeException ignored) {
                    // the student's outcome is what the script sees
                }
                return call(m, stu.k, args);
            } finally {
                depth--;
            }
        }
        ref.nTouched = 0;
        stu.nTouched = 0;
        Object r = null;
        Object s = null;
        RuntimeException rEx = null;
        RuntimeException sEx = null;
        depth++;
        try {
            try {
                r = call(m, ref.k, refArgs);
            } catch (RuntimeException e) {
                rEx = e;
            }
            try {
                s = call(m, stu.k, args);
            } catch (RuntimeException e) {
                sEx = e;
            }
        } finally {
            depth--;
        }
        if (name.equals("kmem_cache_create") && r instanceof SlabAllocator.KmemCache rc
            && s instanceof SlabAllocator.KmemCache sc) {
            caches.put(sc, rc);
        }
        if (sEx instanceof org.kmemlab.script.module.JsModuleError) {
            diverged = true; // the student's module itself broke: that error is the clearest report
            throw sEx;
        }
        Comparison c = new Comparison(this, m, args, r, s, rEx, sEx);
        String problem = c.run(!PURE.contains(name));
        if (problem != null) {
            diverged = true;
            String location = scenarioLocation();
            if (recordFailure != null && location != null) {
                recordFailure.accept(problem, location);
            }
            throw new LockstepDivergence(c.callText, location, problem);
        }
        if (sEx != null) {
            throw sEx;
        }
        return s;
    }

    private static Object call(Method m, Kernel k, Object[] args) {
        return org.kmemlab.kernel.trace.Reflective.invoke(m, k, args);
    }

    /** The reference's arguments: its own kmem_cache for the student's, a no-op ctor (the student's ctor writes both). */
    private Object[] referenceArgs(String name, Object[] args) {
        if (args == null) {
            return null;
        }
        Object[] out = args;
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            Object b = a;
            if (a instanceof SlabAllocator.KmemCache kc) {
                b = caches.getOrDefault(kc, kc);
            } else if (a instanceof java.util.function.LongConsumer) {
                b = (java.util.function.LongConsumer) addr -> { };
            }
            if (b != a) {
                if (out == args) {
                    out = args.clone();
                }
                out[i] = b;
            }
        }
        return out;
    }

    /** pageAllocator() of the pair: the student's, closing both machines' allocators (JavaScript module contexts). */
    private PageAllocator pairedAllocator() {
        return (PageAllocator) Proxy.newProxyInstance(PageAllocator.class.getClassLoader(),
            new Class<?>[] {PageAllocator.class, AutoCloseable.class}, (p, m, a) -> {
                if (m.getName().equals("close") && m.getParameterCount() == 0) {
                    closeAllocator(ref.pa);
                    closeAllocator(stu.pa);
                    return null;
                }
                if (m.getDeclaringClass() == Object.class) {
                    return switch (m.getName()) {
                        case "equals" -> p == a[0];
                        case "hashCode" -> System.identityHashCode(p);
                        default -> "lockstep " + stu.pa;
                    };
                }
                try {
                    return m.invoke(stu.pa, a);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }

    private static void closeAllocator(PageAllocator pa) {
        if (pa instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort, as KernelBridge.dropMachine
            }
        }
    }

    /** The scenario's file:line of the call being made, read from the script's stack; null outside a scenario. */
    static String scenarioLocation() {
        return org.kmemlab.script.ScriptLocation.current();
    }

    // ------------------------------------------------------------------ accessors for Comparison

    Side reference() {
        return ref;
    }

    Side student() {
        return stu;
    }

    boolean compareSlab() {
        return compareSlab;
    }

    static Integer gfpIndex(String name) {
        return GFP_ARG.get(name);
    }

    static Integer orderIndex(String name) {
        return ORDER_ARG.get(name);
    }

    static boolean pfnArg(String name) {
        return PFN_ARG.contains(name);
    }

    static boolean pfnResult(String name) {
        return PFN_RESULT.contains(name);
    }

    static boolean pageAddrResult(String name) {
        return PAGE_ADDR_RESULT.contains(name);
    }

    static boolean addrArg(String name, int i) {
        int[] a = ADDR_ARGS.get(name);
        if (a == null) {
            return false;
        }
        for (int x : a) {
            if (x == i) {
                return true;
            }
        }
        return false;
    }

    /** A gfp mask as C: GFP_KERNEL, GFP_KERNEL | __GFP_ZERO, or hex. */
    static String gfpName(int gfp) {
        Map<String, Integer> c = Gfp.constants();
        String best = null;
        int bestBits = -1;
        for (Map.Entry<String, Integer> e : c.entrySet()) {
            int v = e.getValue();
            if (!e.getKey().startsWith("GFP_") || e.getKey().equals("GFP_ZONEMASK") || v == 0) {
                continue;
            }
            if ((gfp & v) == v && Integer.bitCount(v) > bestBits) {
                best = e.getKey();
                bestBits = Integer.bitCount(v);
            }
        }
        List<String> parts = new ArrayList<>();
        int rest = gfp;
        if (best != null) {
            parts.add(best);
            rest &= ~c.get(best);
        }
        for (Map.Entry<String, Integer> e : c.entrySet()) {
            int v = e.getValue();
            if (e.getKey().startsWith("__GFP_") && Integer.bitCount(v) == 1 && (rest & v) != 0) {
                parts.add(e.getKey());
                rest &= ~v;
            }
        }
        if (rest != 0 || parts.isEmpty()) {
            parts.add(parts.isEmpty() && rest == 0 ? "0" : "0x" + Integer.toHexString(rest));
        }
        return String.join(" | ", parts);
    }

    static boolean same(Object a, Object b) {
        if (a instanceof SlabAllocator.KmemCache x && b instanceof SlabAllocator.KmemCache y) {
            return x.name().equals(y.name()) && x.objsize() == y.objsize() && x.size() == y.size();
        }
        return Objects.equals(a, b);
    }
}
