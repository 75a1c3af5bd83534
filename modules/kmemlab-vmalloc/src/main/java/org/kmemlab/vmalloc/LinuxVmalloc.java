package org.kmemlab.vmalloc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.google.inject.Inject;

import org.kmemlab.api.EventBus;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelBug;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.Mmu;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Reports;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.api.VmallocAllocator;

/**
 * mm/vmalloc.c of 2.6.34 (reference §6): vmap areas in an address-sorted tree, first fit with the guard
 * page and the extra one-page hole, vm_structs in the sorted vmlist, pages taken one alloc_page() at a
 * time and mapped through the {@code mmu} slot, lazy freeing (PTEs stay until a purge; with {@code debug}
 * vmap_debug_free_range unmaps at once). The vm_struct, vmap_area and pages[] metadata are really
 * kmalloc'ed from the {@code slab} slot, so they show in /proc/slabinfo as in the kernel.
 */
public final class LinuxVmalloc implements VmallocAllocator {
    private final Profile p;
    private final MemMap map;
    private final PhysMem phys;
    private final PageAllocator buddy;
    private final SlabAllocator slab;
    private final Mmu mmu;
    private final KernelLog log;
    private final EventBus events;
    private final boolean debug;
    private final long pageSize;
    /** sizeof(struct vm_struct), sizeof(struct vmap_area), sizeof(struct page *). */
    private final int vmStructSize;
    private final int vmapAreaSize;
    private final int ptrSize;
    /** lazy_max_pages(): fls(num_online_cpus()) * (32 MiB / PAGE_SIZE), one CPU. */
    private final long lazyMaxPages;
    private final TreeMap<Long, VmapArea> tree = new TreeMap<>(Long::compareUnsigned);
    private final TreeMap<Long, VmStruct> vmlist = new TreeMap<>(Long::compareUnsigned);
    private long vmapLazyNr;
    private long totalram = -1;

    @Inject
    public LinuxVmalloc(PhysMem phys, PageAllocator buddy, SlabAllocator slab, Mmu mmu, MachineConfig config,
                        KernelLog log, EventBus events) {
        this.p = phys.profile();
        this.map = phys.memMap();
        this.phys = phys;
        this.buddy = buddy;
        this.slab = slab;
        this.mmu = mmu;
        this.log = log;
        this.events = events;
        this.debug = config.debug();
        this.pageSize = p.pageSize;
        this.ptrSize = p.is64 ? 8 : 4;
        this.vmStructSize = 8 * ptrSize;
        this.vmapAreaSize = p.is64 ? 104 : 52;
        this.lazyMaxPages = (32L << 20) / pageSize;
    }

    private long totalramPages() {
        if (totalram < 0) {
            long n = 0;
            for (long[] r : phys.bootFreeRanges()) {
                n += r[1] - r[0];
            }
            totalram = n;
        }
        return totalram;
    }

    private long pageAlign(long size) {
        return (size + pageSize - 1) & -pageSize;
    }

    private static long align(long v, long a) {
        return (v + a - 1) & -a;
    }

    private static boolean ugt(long a, long b) {
        return Long.compareUnsigned(a, b) > 0;
    }

    // ------------------------------------------------------------------ allocation

    @Override
    public long vmallocNode(long size, long align, int gfp, long prot, int vmFlags, String caller) {
        long sz = pageAlign(size);
        if (sz == 0 || (sz >> p.pageShift) > totalramPages()) {
            return 0;
        }
        VmStruct area = getVmArea(sz, align, VM_ALLOC | vmFlags, gfp, caller);
        if (area == null) {
            return 0;
        }
        return vmallocArea(area, gfp, prot, caller);
    }

    /** __get_vm_area_node(): the vm_struct and its vmap area, guard page added. */
    private VmStruct getVmArea(long size, long align, int flags, int gfp, String caller) {
        long sz = pageAlign(size);
        if (sz == 0) {
            return null;
        }
        long obj = slab.kmalloc(vmStructSize, (gfp & Gfp.GFP_RECLAIM_MASK) | Gfp.__GFP_ZERO);
        if (obj == 0) {
            return null;
        }
        sz += pageSize; // always allocate a guard page
        VmapArea va = allocVmapArea(sz, align, p.vmallocStart, p.vmallocEnd, gfp);
        if (va == null) {
            slab.kfree(obj);
            return null;
        }
        VmStruct vm = new VmStruct(va.vaStart, va.vaEnd - va.vaStart, flags, caller, obj); // insert_vmalloc_vm
        va.vm = vm;
        va.flags |= VmapArea.VM_VM_AREA;
        vmlist.put(vm.addr, vm);
        return vm;
    }

    /** alloc_vmap_area(): first fit from vstart, skipping each area with its end + one page (reference §6). */
    private VmapArea allocVmapArea(long size, long align, long vstart, long vend, int gfp) {
        long obj = slab.kmalloc(vmapAreaSize, gfp & Gfp.GFP_RECLAIM_MASK);
        if (obj == 0) {
            return null;
        }
        boolean purged = false;
        for (;;) {
            long addr = fit(size, align, vstart, vend);
            if (addr != 0) {
                VmapArea va = new VmapArea(addr, addr + size, obj);
                tree.put(addr, va);
                cacheArea = va;
                cacheMaxGap = pendingMaxGap;
                return va;
            }
            if (!purged) {
                purgeLazy();
                purged = true;
                continue;
            }
            log.printk("vmap allocation for size " + size + " failed: use vmalloc=<size> to increase size.\n");
            slab.kfree(obj);
            return null;
        }
    }

    /**
     * The address the kernel's search settles on, or 0 when it ends beyond vend (or overflows).
     *
     * <p>The search is 2.6.34's linear walk; to keep it from re-walking every lazily freed area on each call,
     * kmemlab remembers where the last search ended ({@link #cacheArea}) and the largest gap it skipped
     * before that point ({@link #cacheMaxGap}). A request larger than every earlier gap cannot land earlier,
     * so the walk resumes there with the same state it would have reached. Inserting areas only shrinks
     * gaps; removing one (purge) drops the cache. The result is exactly the full walk's.
     */
    private long fit(long size, long align, long vstart, long vend) {
        long addr = align(vstart, align);
        if (Long.compareUnsigned(addr + size - 1, addr) < 0) {
            return 0;
        }
        long maxGap = 0;
        Iterable<VmapArea> areas;
        if (cacheArea != null && align == cacheAlign && vstart == cacheVstart && Long.compareUnsigned(size, cacheMaxGap) > 0) {
            Long prev = tree.lowerKey(cacheArea.vaStart);
            if (prev != null) {
                addr = align(tree.get(prev).vaEnd + pageSize, align);
            }
            maxGap = cacheMaxGap;
            areas = tree.tailMap(cacheArea.vaStart, true).values();
        } else {
            Long from = tree.floorKey(addr);
            areas = (from == null ? tree : tree.tailMap(from, true)).values();
        }
        for (VmapArea a : areas) {
            if (Long.compareUnsigned(a.vaEnd, addr) < 0) {
                continue; // first: the lowest area with va_end >= addr
            }
            if (!(ugt(addr + size, a.vaStart) && !ugt(addr + size, vend))) {
                break;
            }
            if (ugt(a.vaStart, addr)) {
                maxGap = Math.max(maxGap, a.vaStart - addr);
            }
            addr = align(a.vaEnd + pageSize, align);
            if (Long.compareUnsigned(addr + size - 1, addr) < 0) {
                return 0;
            }
        }
        if (ugt(addr + size, vend)) {
            return 0;
        }
        pendingMaxGap = maxGap;
        cacheAlign = align;
        cacheVstart = vstart;
        return addr;
    }

    /** The area the last search placed (see {@link #fit}); null when a removal may have opened a gap before it. */
    private VmapArea cacheArea;
    private long cacheMaxGap;
    private long pendingMaxGap;
    private long cacheAlign;
    private long cacheVstart;

    /** __vmalloc_area_node(): pages[] (kmalloc, or vmalloc when it exceeds a page), the pages, the mapping. */
    private long vmallocArea(VmStruct area, int gfp, long prot, String caller) {
        int nrPages = (int) ((area.size - pageSize) >> p.pageShift);
        long arraySize = (long) nrPages * ptrSize;
        area.nrPages = nrPages;
        int nested = (gfp & Gfp.GFP_RECLAIM_MASK) | Gfp.__GFP_ZERO;
        long pagesObj;
        if (arraySize > pageSize) {
            pagesObj = vmallocNode(arraySize, 1, nested | Gfp.__GFP_HIGHMEM, prot, 0, caller);
            area.flags |= VM_VPAGES;
        } else {
            pagesObj = slab.kmalloc(arraySize, nested);
        }
        area.pagesObject = pagesObj;
        area.pages = new long[nrPages];
        if (pagesObj == 0) {
            removeVmArea(area.addr);
            slab.kfree(area.object);
            return 0;
        }
        for (int i = 0; i < nrPages; i++) {
            long pfn = buddy.allocPages(gfp, 0); // alloc_page(gfp_mask): one order-0 page at a time
            if (pfn < 0) {
                area.nrPages = i;
                vfree(area.addr);
                return 0;
            }
            area.pages[i] = pfn;
        }
        if (mmu.mapPages(area.addr, area.pages, prot) < nrPages) { // map_vm_area
            vfree(area.addr);
            return 0;
        }
        if (events.active()) {
            events.emit("vmalloc", Map.of("addr", area.addr, "size", area.size, "nr_pages", nrPages, "gfp_flags", gfp));
        }
        return area.addr;
    }

    @Override
    public long vmap(long[] pfns, int vmFlags, long prot, String caller) {
        if (pfns.length > totalramPages()) {
            return 0;
        }
        VmStruct area = getVmArea((long) pfns.length << p.pageShift, 1, vmFlags, Gfp.GFP_KERNEL, caller);
        if (area == null) {
            return 0;
        }
        if (mmu.mapPages(area.addr, pfns, prot) < pfns.length) {
            vunmap(area.addr);
            return 0;
        }
        if (events.active()) {
            events.emit("vmap", Map.of("addr", area.addr, "size", area.size, "nr_pages", pfns.length));
        }
        return area.addr;
    }

    // ------------------------------------------------------------------ freeing

    @Override
    public void vfree(long addr) {
        vunmap(addr, true);
    }

    @Override
    public void vunmap(long addr) {
        vunmap(addr, false);
    }

    /** __vunmap(). */
    private void vunmap(long addr, boolean deallocatePages) {
        String fn = deallocatePages ? "vfree" : "vunmap";
        if (addr == 0) {
            return;
        }
        if ((addr & (pageSize - 1)) != 0) {
            throw warn(SourceLines.VUNMAP_BAD_ADDRESS, "Trying to vfree() bad address (" + Reports.ptr(p, addr) + ")\n", fn);
        }
        VmStruct area = removeVmArea(addr);
        if (area == null) {
            throw warn(SourceLines.VUNMAP_NONEXISTENT, "Trying to vfree() nonexistent vm area (" + Reports.ptr(p, addr) + ")\n", fn);
        }
        if (deallocatePages) {
            for (int i = 0; i < area.nrPages; i++) {
                freePage(area.pages[i]);
            }
            if ((area.flags & VM_VPAGES) != 0) {
                vfree(area.pagesObject);
            } else {
                slab.kfree(area.pagesObject);
            }
        }
        slab.kfree(area.object);
        if (events.active()) {
            events.emit(fn, Map.of("addr", addr, "nr_pages", deallocatePages ? area.nrPages : 0));
        }
    }

    /** WARN(1, KERN_ERR "..."): printed with the banner; the call reports it as a KernelBug. */
    private KernelBug warn(int line, String message, String fn) {
        String text = Reports.warnMsg(log, "mm/vmalloc.c", line, message, "__vunmap", fn, "scenario_init");
        return new KernelBug(message + text);
    }

    /** __free_page(): put_page_testzero, then back to the page allocator. */
    private void freePage(long pfn) {
        int c = map.count(pfn) - 1;
        map.setCount(pfn, c);
        if (c == 0) {
            buddy.freePages(pfn, 0, false);
        }
    }

    /** remove_vm_area(): exact start only; a second vfree before the purge walks off the end of vmlist. */
    private VmStruct removeVmArea(long addr) {
        VmapArea va = tree.get(addr);
        if (va == null || (va.flags & VmapArea.VM_VM_AREA) == 0) {
            return null;
        }
        VmStruct vm = va.vm;
        if (vmlist.get(vm.addr) != vm) {
            // for (p = &vmlist; (tmp = *p) != vm; p = &tmp->next): vm is no longer listed, so tmp becomes NULL
            throw Reports.pageFault(log, p, 0, false, "remove_vm_area", "__vunmap", "vfree", "scenario_init");
        }
        vmlist.remove(vm.addr);
        if (debug) {
            mmu.unmapRange(va.vaStart, va.vaEnd); // vmap_debug_free_range (CONFIG_DEBUG_PAGEALLOC)
        }
        freeUnmapVmapArea(va);
        vm.size -= pageSize;
        return vm;
    }

    /** free_unmap_vmap_area_noflush(): lazy; PTEs and the range stay until the purge. */
    private void freeUnmapVmapArea(VmapArea va) {
        va.flags |= VmapArea.VM_LAZY_FREE;
        vmapLazyNr += (va.vaEnd - va.vaStart) >> p.pageShift;
        if (vmapLazyNr > lazyMaxPages) {
            purgeLazy(); // try_purge_vmap_area_lazy
        }
    }

    /** __purge_vmap_area_lazy(): unmap every lazily freed area, one TLB flush, release the ranges. */
    @Override
    public void purgeLazy() {
        List<VmapArea> valist = new ArrayList<>();
        long nr = 0;
        for (VmapArea va : tree.values()) {
            if ((va.flags & VmapArea.VM_LAZY_FREE) != 0) {
                nr += (va.vaEnd - va.vaStart) >> p.pageShift;
                mmu.unmapRange(va.vaStart, va.vaEnd); // unmap_vmap_area
                va.flags = (va.flags | VmapArea.VM_LAZY_FREEING) & ~VmapArea.VM_LAZY_FREE;
                valist.add(va);
            }
        }
        vmapLazyNr -= nr;
        for (VmapArea va : valist) {
            tree.remove(va.vaStart); // __free_vmap_area; the struct goes back via kfree (RCU)
            cacheArea = null;
            slab.kfree(va.object);
        }
        if (!valist.isEmpty() && events.active()) {
            events.emit("vmap_purge", Map.of("areas", valist.size(), "nr_pages", nr));
        }
    }

    // ------------------------------------------------------------------ lookups and views

    @Override
    public long vmallocToPfn(long addr) {
        return mmu.pteFrame(addr);
    }

    @Override
    public List<VmArea> areas() {
        List<VmArea> out = new ArrayList<>();
        for (VmStruct v : vmlist.values()) {
            out.add(toView(v));
        }
        return out;
    }

    @Override
    public void forEachAreaPage(java.util.function.LongConsumer f) {
        for (VmStruct v : vmlist.values()) {
            if (v.pages != null) {
                for (int i = 0; i < v.nrPages; i++) {
                    f.accept(v.pages[i]);
                }
            }
        }
    }

    /** s_show(). */
    private VmArea toView(VmStruct v) {
        StringBuilder sb = new StringBuilder();
        sb.append("0x").append(p.ptr(v.addr)).append("-0x").append(p.ptr(v.addr + v.size))
            .append(String.format(" %7d", v.size));
        if (v.caller != null) {
            sb.append(' ').append(v.caller);
        }
        if (v.nrPages != 0) {
            sb.append(" pages=").append(v.nrPages);
        }
        List<String> flags = new ArrayList<>();
        if ((v.flags & VM_IOREMAP) != 0) {
            flags.add("ioremap");
        }
        if ((v.flags & VM_ALLOC) != 0) {
            flags.add("vmalloc");
        }
        if ((v.flags & VM_MAP) != 0) {
            flags.add("vmap");
        }
        if ((v.flags & VM_USERMAP) != 0) {
            flags.add("user");
        }
        if ((v.flags & VM_VPAGES) != 0) {
            flags.add("vpages");
        }
        for (String f : flags) {
            sb.append(' ').append(f);
        }
        long[] pfns = v.pages == null ? new long[0] : java.util.Arrays.copyOf(v.pages, v.nrPages);
        return new VmArea(v.addr, v.size, v.nrPages, v.caller, List.copyOf(flags), pfns, sb.toString());
    }

    @Override
    public long[] vmallocInfo() {
        long used = 0;
        long largest = 0;
        long prevEnd = p.vmallocStart;
        for (VmStruct v : vmlist.values()) {
            if (Long.compareUnsigned(v.addr, p.vmallocStart) < 0) {
                continue;
            }
            if (Long.compareUnsigned(v.addr, p.vmallocEnd) >= 0) {
                break;
            }
            used += v.size;
            largest = Math.max(largest, v.addr - prevEnd);
            prevEnd = v.addr + v.size;
        }
        largest = Math.max(largest, p.vmallocEnd - prevEnd);
        return new long[] {used, largest};
    }

    /**
     * Where a vmalloc of {@code size} bytes would land by 2.6.34's plain walk over every area (no cache, no
     * purge), or 0: the reference the tests hold {@link #fit}'s cached search to.
     */
    public long firstFitReference(long size) {
        long sz = pageAlign(size) + pageSize;
        long addr = p.vmallocStart;
        for (VmapArea a : tree.values()) {
            if (ugt(addr + sz, a.vaStart) && !ugt(addr + sz, p.vmallocEnd)) {
                addr = a.vaEnd + pageSize;
            } else if (!ugt(addr + sz, a.vaStart)) {
                break;
            }
        }
        return ugt(addr + sz, p.vmallocEnd) ? 0 : addr;
    }

    /** The lazily freed areas still holding their range (for tests and views). */
    public long lazyPages() {
        return vmapLazyNr;
    }
}
