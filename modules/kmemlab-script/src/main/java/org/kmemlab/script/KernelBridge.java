package org.kmemlab.script;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;
import org.kmemlab.kernel.MachineOptions;

/**
 * The one host object a scenario sees (as {@code __kmemlab}, hidden by the prelude). Only
 * {@code @HostAccess.Export} members are visible. Exceptions do not cross into JS as host objects:
 * each method stores the error's kind and message, and the prelude turns them into a JS
 * {@code KernelBug}, {@code RangeError} or {@code Error} at the scenario's call site.
 */
public final class KernelBridge {
    private final MachineConfig baseConfig;
    private final Function<MachineConfig, Kernel> booter;
    private final Consumer<String> out;
    private MachineConfig fileConfig;
    private Kernel kernel;
    private String errorKind;
    private String errorMessage;
    private final List<String[]> failures = new ArrayList<>();
    /** kmem_cache handles given to the script for the current machine. */
    private final List<SlabAllocator.KmemCache> caches = new ArrayList<>();
    private boolean topLevel = true;
    /** The scenario file's directory: relative module file paths in machine({ modules }) start there. */
    private java.nio.file.Path baseDir;

    public KernelBridge(MachineConfig baseConfig, Consumer<String> out) {
        this(baseConfig, Machine::boot, out);
    }

    public KernelBridge(MachineConfig baseConfig, Function<MachineConfig, Kernel> booter, Consumer<String> out) {
        this.baseConfig = baseConfig;
        this.fileConfig = baseConfig;
        this.booter = booter;
        this.out = out;
    }

    // ---------------------------------------------------------------- host side (runner)

    /** Before each test: a fresh machine with the file's options, booted on first use. */
    void resetForTest() {
        topLevel = false;
        dropMachine();
        failures.clear();
    }

    /** Where relative module file paths ({@code buddy: "./my-buddy.js"}) are resolved: the scenario's directory. */
    void setBaseDir(java.nio.file.Path dir) {
        baseDir = dir == null ? null : dir.toAbsolutePath().normalize();
    }

    /** Forget the current machine, closing what it holds outside the heap (a JavaScript module's context). */
    void dropMachine() {
        Kernel old = kernel;
        kernel = null;
        if (old != null && old.pageAllocator() instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing is best effort; the context is collected with the machine anyway
            }
        }
    }

    /** machine({ modules }) values that are relative module file paths, made absolute against the scenario's directory. */
    private Map<String, Object> resolveModuleFiles(Map<String, Object> m) {
        if (baseDir == null || !(m.get("modules") instanceof Map<?, ?> mods)) {
            return m;
        }
        Map<String, Object> resolved = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> e : mods.entrySet()) {
            Object v = e.getValue();
            if (v instanceof String s && org.kmemlab.kernel.ModuleRegistry.isFile(s)) {
                java.nio.file.Path p = java.nio.file.Path.of(s);
                if (!p.isAbsolute()) {
                    v = baseDir.resolve(p).normalize().toString();
                }
            }
            resolved.put(String.valueOf(e.getKey()), v);
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>(m);
        out.put("modules", resolved);
        return out;
    }

    List<String[]> failures() {
        return failures;
    }

    Kernel kernelOrNull() {
        return kernel;
    }

    private Kernel k() {
        if (kernel == null) {
            kernel = booter.apply(fileConfig);
            caches.clear();
        }
        return kernel;
    }

    private RuntimeException remember(RuntimeException e) {
        if (e instanceof org.kmemlab.script.module.JsModuleError) {
            errorKind = "error"; // a broken JavaScript module: a plain Error at the scenario's line
        } else if (e instanceof KernelBug) {
            errorKind = "bug";
        } else if (e instanceof IllegalArgumentException) {
            errorKind = "range";
        } else {
            errorKind = "error";
        }
        errorMessage = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e;
    }

    private <T> T guard(java.util.function.Supplier<T> f) {
        try {
            return f.get();
        } catch (RuntimeException e) {
            throw remember(e);
        }
    }

    private void guardRun(Runnable f) {
        try {
            f.run();
        } catch (RuntimeException e) {
            throw remember(e);
        }
    }

    // ---------------------------------------------------------------- exported to the prelude

    /** The error the last failing call left, as "kind\u0000message", or null; clears it. */
    @HostAccess.Export
    public String takeError() {
        if (errorKind == null) {
            return null;
        }
        String r = errorKind + "\u0000" + errorMessage;
        errorKind = null;
        errorMessage = null;
        return r;
    }

    @HostAccess.Export
    public void print(String s) {
        out.accept(s);
    }

    @HostAccess.Export
    public void recordFailure(String message, String location) {
        failures.add(new String[] {message, location});
    }

    /** machine(opts): reboot with the runner's options plus these; at top level they become the file's. */
    @HostAccess.Export
    public void machine(Value opts) {
        guardRun(() -> {
            Map<String, Object> m = resolveModuleFiles(JsValues.toOptions(opts));
            MachineConfig c = MachineOptions.apply(baseConfig, m);
            if (topLevel) {
                fileConfig = c;
            }
            dropMachine();
            kernel = booter.apply(c);
            caches.clear();
        });
    }

    @HostAccess.Export
    public boolean is64() {
        return guard(() -> k().profile().is64);
    }

    @HostAccess.Export
    public String constantsJson() {
        return guard(() -> {
            // values a double cannot hold exactly (PAGE_KERNEL with NX, ...) travel as decimal strings
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            k().constants().forEach((name, v) -> out.put(name, Math.abs(v) > (1L << 53) ? Long.toUnsignedString(v) : v));
            return JsValues.toJson(out);
        });
    }

    @HostAccess.Export
    public String modulesJson() {
        return guard(() -> JsValues.toJson(k().modules()));
    }

    @HostAccess.Export
    public String availableModulesJson() {
        return guard(() -> JsValues.toJson(k().available_modules()));
    }

    @HostAccess.Export
    public String viewJson(String name) {
        return guard(() -> JsValues.toJson(k().view(name)));
    }

    @HostAccess.Export
    public String proc(String name) {
        return guard(() -> k().proc(name));
    }

    @HostAccess.Export
    public String pageZoneJson(long pfn) {
        return guard(() -> JsValues.toJson(k().page_zone(pfn)));
    }

    // pages: pfn as long, -1 = NULL

    @HostAccess.Export
    public long alloc_pages(int gfp, int order) {
        return guard(() -> k().alloc_pages(gfp, order));
    }

    @HostAccess.Export
    public long page_address(long pfn) {
        return guard(() -> k().page_address(pfn));
    }

    @HostAccess.Export
    public long __get_free_pages(int gfp, int order) {
        return guard(() -> k().__get_free_pages(gfp, order));
    }

    @HostAccess.Export
    public long get_zeroed_page(int gfp) {
        return guard(() -> k().get_zeroed_page(gfp));
    }

    @HostAccess.Export
    public long __get_dma_pages(int gfp, int order) {
        return guard(() -> k().__get_dma_pages(gfp, order));
    }

    @HostAccess.Export
    public void __free_pages(long pfn, int order) {
        guardRun(() -> k().__free_pages(pfn, order));
    }

    @HostAccess.Export
    public void free_pages(long addr, int order) {
        guardRun(() -> k().free_pages(addr, order));
    }

    @HostAccess.Export
    public long alloc_pages_exact(long size, int gfp) {
        return guard(() -> k().alloc_pages_exact(size, gfp));
    }

    @HostAccess.Export
    public void free_pages_exact(long addr, long size) {
        guardRun(() -> k().free_pages_exact(addr, size));
    }

    @HostAccess.Export
    public void split_page(long pfn, int order) {
        guardRun(() -> k().split_page(pfn, order));
    }

    @HostAccess.Export
    public void get_page(long pfn) {
        guardRun(() -> k().get_page(pfn));
    }

    @HostAccess.Export
    public void put_page(long pfn) {
        guardRun(() -> k().put_page(pfn));
    }

    @HostAccess.Export
    public int page_count(long pfn) {
        return guard(() -> k().page_count(pfn));
    }

    @HostAccess.Export
    public int page_mapcount(long pfn) {
        return guard(() -> k().page_mapcount(pfn));
    }

    @HostAccess.Export
    public long page_private(long pfn) {
        return guard(() -> k().page_private(pfn));
    }

    @HostAccess.Export
    public long pfn_to_page(long pfn) {
        return guard(() -> k().pfn_to_page(pfn));
    }

    @HostAccess.Export
    public long virt_to_page(long addr) {
        return guard(() -> k().virt_to_page(addr));
    }

    @HostAccess.Export
    public boolean virt_addr_valid(long addr) {
        return guard(() -> k().virt_addr_valid(addr));
    }

    @HostAccess.Export
    public long __pa(long addr) {
        return guard(() -> k().__pa(addr));
    }

    @HostAccess.Export
    public long __va(long addr) {
        return guard(() -> k().__va(addr));
    }

    @HostAccess.Export
    public int page_zonenum(long pfn) {
        return guard(() -> k().page_zonenum(pfn));
    }

    @HostAccess.Export
    public boolean PageHighMem(long pfn) {
        return guard(() -> k().PageHighMem(pfn));
    }

    @HostAccess.Export
    public boolean pageFlag(long pfn, int bit) {
        return guard(() -> k().pageFlag(pfn, bit));
    }

    @HostAccess.Export
    public long pageFlagsRaw(long pfn) {
        return guard(() -> k().pageFlagsRaw(pfn));
    }

    @HostAccess.Export
    public int pageCountField(long pfn) {
        return guard(() -> k().pageCountField(pfn));
    }

    @HostAccess.Export
    public int pageMapcountField(long pfn) {
        return guard(() -> k().pageMapcountField(pfn));
    }

    @HostAccess.Export
    public long pagePrivateField(long pfn) {
        return guard(() -> k().pagePrivateField(pfn));
    }

    @HostAccess.Export
    public long pageMappingField(long pfn) {
        return guard(() -> k().pageMappingField(pfn));
    }

    @HostAccess.Export
    public long pageIndexField(long pfn) {
        return guard(() -> k().pageIndexField(pfn));
    }

    @HostAccess.Export
    public long pageVirtualField(long pfn) {
        return guard(() -> k().pageVirtualField(pfn));
    }

    @HostAccess.Export
    public String pageFlagNames(long pfn) {
        return guard(() -> String.join(",", k().pageFlagNames(pfn)));
    }

    @HostAccess.Export
    public String dump_page(long pfn) {
        return guard(() -> k().dump_page(pfn));
    }

    @HostAccess.Export
    public void drain_all_pages() {
        guardRun(() -> k().drain_all_pages());
    }

    @HostAccess.Export
    public String dmesg() {
        return guard(() -> k().dmesg());
    }

    @HostAccess.Export
    public String tainted() {
        return guard(() -> k().tainted());
    }

    @HostAccess.Export
    public long read(long addr, int size) {
        return guard(() -> k().read(addr, size));
    }

    @HostAccess.Export
    public void write(long addr, int size, long value) {
        guardRun(() -> k().write(addr, size, value));
    }

    @HostAccess.Export
    public void memset(long addr, int c, long n) {
        guardRun(() -> k().memset(addr, c, n));
    }

    @HostAccess.Export
    public void memcpy(long dst, long src, long n) {
        guardRun(() -> k().memcpy(dst, src, n));
    }

    @HostAccess.Export
    public long memchr_inv(long addr, int c, long n) {
        return guard(() -> k().memchr_inv(addr, c, n));
    }

    @HostAccess.Export
    public long kmalloc(long size, int gfp) {
        return guard(() -> k().kmalloc(size, gfp));
    }

    @HostAccess.Export
    public void kfree(long addr) {
        guardRun(() -> k().kfree(addr));
    }

    @HostAccess.Export
    public long kcalloc(long n, long size, int gfp) {
        return guard(() -> k().kcalloc(n, size, gfp));
    }

    @HostAccess.Export
    public long krealloc(long addr, long size, int gfp) {
        return guard(() -> k().krealloc(addr, size, gfp));
    }

    @HostAccess.Export
    public long ksize(long addr) {
        return guard(() -> k().ksize(addr));
    }

    /** kmem_cache_create: a handle (index into this machine's caches) or -1 for NULL. */
    @HostAccess.Export
    public int kmem_cache_create(String name, long size, long align, long flags, Value ctor) {
        return guard(() -> {
            java.util.function.LongConsumer c = ctor == null || ctor.isNull() ? null : addr -> ctor.executeVoid(addr);
            SlabAllocator.KmemCache cache = k().kmem_cache_create(name, size, align, flags, c);
            if (cache == null) {
                return -1;
            }
            caches.add(cache);
            return caches.size() - 1;
        });
    }

    private SlabAllocator.KmemCache cache(int handle) {
        if (handle < 0 || handle >= caches.size()) {
            throw new IllegalArgumentException("not a kmem_cache of this machine");
        }
        return caches.get(handle);
    }

    @HostAccess.Export
    public String cacheInfoJson(int handle) {
        return guard(() -> {
            SlabAllocator.KmemCache c = cache(handle);
            return JsValues.toJson(java.util.Map.of("name", c.name(), "objsize", c.objsize(), "size", c.size()));
        });
    }

    @HostAccess.Export
    public long kmem_cache_alloc(int handle, int gfp) {
        return guard(() -> k().kmem_cache_alloc(cache(handle), gfp));
    }

    @HostAccess.Export
    public void kmem_cache_free(int handle, long obj) {
        guardRun(() -> k().kmem_cache_free(cache(handle), obj));
    }

    @HostAccess.Export
    public void kmem_cache_destroy(int handle) {
        guardRun(() -> k().kmem_cache_destroy(cache(handle)));
    }

    @HostAccess.Export
    public int kmem_cache_shrink(int handle) {
        return guard(() -> k().kmem_cache_shrink(cache(handle)));
    }

    @HostAccess.Export
    public long vmalloc(long size) {
        return guard(() -> k().vmalloc(size));
    }

    @HostAccess.Export
    public void vfree(long addr) {
        guardRun(() -> k().vfree(addr));
    }

    // ---- vmalloc family, MMU, highmem (issue 4)

    @HostAccess.Export
    public long __vmalloc(long size, int gfp, long prot) {
        return guard(() -> k().__vmalloc(size, gfp, prot));
    }

    @HostAccess.Export
    public long vzalloc(long size) {
        return guard(() -> k().vzalloc(size));
    }

    @HostAccess.Export
    public long vmalloc_user(long size) {
        return guard(() -> k().vmalloc_user(size));
    }

    @HostAccess.Export
    public long vmalloc_32(long size) {
        return guard(() -> k().vmalloc_32(size));
    }

    /** vmap(pages, count, flags, prot): pfns is a JS array of pfn Numbers. */
    @HostAccess.Export
    public long vmap(Value pfns, int flags, long prot) {
        long[] a = new long[(int) pfns.getArraySize()];
        for (int i = 0; i < a.length; i++) {
            a[i] = pfns.getArrayElement(i).asLong();
        }
        return guard(() -> k().vmap(a, flags, prot));
    }

    @HostAccess.Export
    public void vunmap(long addr) {
        guardRun(() -> k().vunmap(addr));
    }

    @HostAccess.Export
    public long vmalloc_to_pfn(long addr) {
        return guard(() -> k().vmalloc_to_pfn(addr));
    }

    @HostAccess.Export
    public long vmalloc_to_page(long addr) {
        return guard(() -> k().vmalloc_to_page(addr));
    }

    @HostAccess.Export
    public void purge_vmap_area_lazy() {
        guardRun(() -> k().purge_vmap_area_lazy());
    }

    @HostAccess.Export
    public long translate(long addr) {
        return guard(() -> k().translate(addr));
    }

    /** walk(): levels as JSON; the raw entry as an unsigned decimal string (BigInt on the JS side). */
    @HostAccess.Export
    public String walkJson(long addr) {
        return guard(() -> {
            List<Map<String, Object>> out = new ArrayList<>();
            for (org.kmemlab.api.Mmu.WalkStep st : k().walk(addr)) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("name", st.name());
                m.put("index", st.index());
                m.put("entry", Long.toUnsignedString(st.entry()));
                m.put("flags", st.flags());
                out.add(m);
            }
            return JsValues.toJson(out);
        });
    }

    /** vmallocinfo(): start/end as unsigned decimal strings. */
    @HostAccess.Export
    public String vmallocinfoJson() {
        return guard(() -> {
            List<Map<String, Object>> out = new ArrayList<>();
            Object v = k().view("vmallocinfo");
            for (Object o : (List<?>) v) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = new java.util.LinkedHashMap<>((Map<String, Object>) o);
                m.put("start", Long.toUnsignedString((Long) m.get("start")));
                m.put("end", Long.toUnsignedString((Long) m.get("end")));
                out.add(m);
            }
            return JsValues.toJson(out);
        });
    }

    @HostAccess.Export
    public long read_cr3() {
        return guard(() -> k().read_cr3());
    }

    @HostAccess.Export
    public long kmap(long pfn) {
        return guard(() -> k().kmap(pfn));
    }

    @HostAccess.Export
    public void kunmap(long pfn) {
        guardRun(() -> k().kunmap(pfn));
    }

    @HostAccess.Export
    public long kmap_atomic(long pfn, int type) {
        return guard(() -> k().kmap_atomic(pfn, type));
    }

    @HostAccess.Export
    public void kunmap_atomic(long addr, int type) {
        guardRun(() -> k().kunmap_atomic(addr, type));
    }

    @HostAccess.Export
    public int pkmap_count(long pfn) {
        return guard(() -> k().pkmap_count(pfn));
    }

    /** show_map(opts) (kmemlab extension): the physical memory map, printed like console.log and returned. */
    @HostAccess.Export
    public String show_map(String zone, int blockOrder, int width, boolean color) {
        return guard(() -> {
            String text = org.kmemlab.kernel.view.MemoryMapText.render(k(),
                new org.kmemlab.kernel.view.MapOptions(zone, blockOrder, width, color));
            out.accept(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
            return text;
        });
    }
}
