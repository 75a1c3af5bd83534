package org.kmemlab.script.module;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.PageAllocSupport;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.VmStat;
import org.kmemlab.api.Zone;

/**
 * The one host object a JavaScript module's context sees (through the module prelude, which wraps every method
 * in a kernel-named global): struct page fields, page flags, list_heads over {@code page->lru}, zones, and the
 * page_alloc.c services of {@link PageAllocSupport}. Pages are pfns (JS Numbers). Every argument is checked here,
 * so a module cannot reach outside mem_map or corrupt a list head it does not own; a bad argument is an
 * {@link IllegalArgumentException} that the runtime reports at the module's line.
 */
public final class JsModuleHost {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Profile profile;
    private final MemMap map;
    private final List<Zone> zones;
    private final PageAllocSupport support;
    private final KernelLog log;
    private final VmStat vmstat;
    private final boolean debug;
    private final int nrPages;
    /** One past the last lru slot (frames, then list heads): the bound for list links. */
    private final int nrSlots;

    JsModuleHost(PhysMem phys, PageAllocSupport support, KernelLog log, VmStat vmstat, boolean debug) {
        this.profile = phys.profile();
        this.map = phys.memMap();
        this.zones = phys.zones();
        this.support = support;
        this.log = log;
        this.vmstat = vmstat;
        this.debug = debug;
        this.nrPages = (int) map.nrPages();
        this.nrSlots = nrPages + MemMap.MAX_LIST_HEADS;
    }

    /** Thrown by {@code BUG()}: the runtime turns it into the kernel's BUG report at the module's line. */
    static final class BugSignal extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BugSignal() {
            super("BUG"); // with its stack: GraalJS builds the guest frames (the module's line) from it
        }
    }

    // ------------------------------------------------------------------ argument checks

    private static String show(Value v) {
        if (v == null) {
            return "nothing";
        }
        if (v.isString()) {
            return "\"" + v.asString() + "\"";
        }
        return v.toString();
    }

    private static IllegalArgumentException bad(String fn, String arg, String what, Value v) {
        return new IllegalArgumentException(fn + ": argument '" + arg + "' must be " + what + ", got " + show(v));
    }

    private int pfn(String fn, Value v) {
        if (v != null && v.fitsInInt()) {
            int p = v.asInt();
            if (p >= 0 && p < nrPages) {
                return p;
            }
        }
        throw bad(fn, "pfn", "a page frame number from 0 to " + (nrPages - 1), v);
    }

    private static int order(String fn, Value v) {
        if (v != null && v.fitsInInt()) {
            int o = v.asInt();
            if (o >= 0 && o < Profile.MAX_ORDER) {
                return o;
            }
        }
        throw bad(fn, "order", "an integer from 0 to MAX_ORDER - 1 (" + (Profile.MAX_ORDER - 1) + ")", v);
    }

    /** A block of 2^order frames at pfn that lies inside mem_map. */
    private int block(String fn, Value pfnV, Value orderV, int[] orderOut) {
        int p = pfn(fn, pfnV);
        int o = order(fn, orderV);
        if ((long) p + (1L << o) > nrPages) {
            throw new IllegalArgumentException(fn + ": the block of 2^" + o + " frames at pfn " + p
                + " runs past the last frame (" + (nrPages - 1) + ")");
        }
        orderOut[0] = o;
        return p;
    }

    private static int integer(String fn, String arg, Value v) {
        if (v != null && v.fitsInInt()) {
            return v.asInt();
        }
        throw bad(fn, arg, "a 32-bit integer", v);
    }

    private static int gfp(String fn, Value v) {
        if (v != null && v.fitsInLong()) {
            long g = v.asLong();
            if (g >= 0 && g <= 0xffffffffL) {
                return (int) g;
            }
        }
        throw bad(fn, "gfp_mask", "a GFP flag combination such as GFP_KERNEL", v);
    }

    private static int flag(String fn, Value v) {
        if (v != null && v.fitsInInt()) {
            int b = v.asInt();
            if (b >= 0 && b < PageFlags.NR_PAGEFLAGS) {
                return b;
            }
        }
        throw bad(fn, "flag", "a page flag number PG_locked .. PG_hwpoison (0 to " + (PageFlags.NR_PAGEFLAGS - 1) + ")", v);
    }

    private int zone(String fn, Value v) {
        if (v != null && v.fitsInInt()) {
            int z = v.asInt();
            if (z >= 0 && z < zones.size()) {
                return z;
            }
        }
        throw bad(fn, "zone", "a zone index from 0 to " + (zones.size() - 1), v);
    }

    private int head(String fn, Value v) {
        if (v != null && v.isHostObject() && v.asHostObject() instanceof JsListHead h && h.owner == this) {
            return h.slot;
        }
        throw bad(fn, "head", "a list head made by LIST_HEAD() on this machine", v);
    }

    // ------------------------------------------------------------------ machine description

    @HostAccess.Export
    public String constantsJson() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("MAX_ORDER", Profile.MAX_ORDER);
        c.put("MAX_ORDER_NR_PAGES", 1 << (Profile.MAX_ORDER - 1));
        c.put("PAGE_ALLOC_COSTLY_ORDER", 3);
        c.put("PAGE_SHIFT", profile.pageShift);
        c.put("PAGE_SIZE", profile.pageSize);
        c.put("max_pfn", nrPages);
        for (int b = 0; b < PageFlags.NR_PAGEFLAGS; b++) {
            c.put("PG_" + PageFlags.NAMES[b], b);
        }
        c.put("NR_PAGEFLAGS", PageFlags.NR_PAGEFLAGS);
        c.putAll(Gfp.constants());
        c.put("ZONE_DMA", 0);
        if (profile.zoneDma32() >= 0) {
            c.put("ZONE_DMA32", profile.zoneDma32());
        }
        c.put("ZONE_NORMAL", profile.zoneNormal());
        if (profile.zoneHighmem() >= 0) {
            c.put("ZONE_HIGHMEM", profile.zoneHighmem());
        }
        c.put("ZONE_MOVABLE", profile.zoneMovable());
        c.put("MAX_NR_ZONES", zones.size());
        c.put("NR_FREE_PAGES", Zone.NR_FREE_PAGES);
        c.put("WMARK_MIN", Zone.WMARK_MIN);
        c.put("WMARK_LOW", Zone.WMARK_LOW);
        c.put("WMARK_HIGH", Zone.WMARK_HIGH);
        c.put("ALLOC_WMARK_MIN", Zone.WMARK_MIN);
        c.put("ALLOC_WMARK_LOW", Zone.WMARK_LOW);
        c.put("ALLOC_WMARK_HIGH", Zone.WMARK_HIGH);
        c.put("ALLOC_NO_WATERMARKS", 0x04);
        c.put("ALLOC_WMARK_MASK", 0x03);
        c.put("ALLOC_HARDER", 0x10);
        c.put("ALLOC_HIGH", 0x20);
        c.put("ALLOC_CPUSET", 0x40);
        c.put("CONFIG_DEBUG_VM", debug);
        c.put("PROFILE", profile.name);
        return json(c);
    }

    /** The zones, in index order, empty ones included: what a module may read of struct zone. */
    @HostAccess.Export
    public String zonesJson() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Zone z : zones) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", z.index);
            m.put("name", z.name);
            m.put("zone_start_pfn", z.startPfn);
            m.put("spanned_pages", z.spannedPages);
            m.put("present_pages", z.presentPages);
            m.put("watermark", z.watermark.clone());
            m.put("lowmem_reserve", z.lowmemReserve.clone());
            m.put("highmem", z.highmem);
            out.add(m);
        }
        return json(out);
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** zone_page_state(zone, item). */
    @HostAccess.Export
    public double zone_page_state(Value zoneV, Value itemV) {
        int z = zone("zone_page_state", zoneV);
        int item = integer("zone_page_state", "item", itemV);
        if (item < 0 || item >= Zone.STAT_NAMES.length) {
            throw bad("zone_page_state", "item", "a zone_stat_item such as NR_FREE_PAGES", itemV);
        }
        return zones.get(z).vmStat[item];
    }

    // ------------------------------------------------------------------ struct page

    @HostAccess.Export
    public boolean pfn_valid(Value v) {
        return v != null && v.fitsInLong() && map.pfnValid(v.asLong());
    }

    @HostAccess.Export
    public int page_zonenum(Value pfnV) {
        return map.zoneIdx(pfn("page_zonenum", pfnV));
    }

    /** page->_count. */
    @HostAccess.Export
    public int page_count(Value pfnV) {
        return map.count(pfn("page_count", pfnV));
    }

    @HostAccess.Export
    public void set_page_count(Value pfnV, Value v) {
        map.setCount(pfn("set_page_count", pfnV), integer("set_page_count", "v", v));
    }

    /** page_mapcount(): page->_mapcount + 1. */
    @HostAccess.Export
    public int page_mapcount(Value pfnV) {
        return map.mapcount(pfn("page_mapcount", pfnV)) + 1;
    }

    /** reset_page_mapcount(): page->_mapcount = -1. */
    @HostAccess.Export
    public void reset_page_mapcount(Value pfnV) {
        map.setMapcount(pfn("reset_page_mapcount", pfnV), -1);
    }

    @HostAccess.Export
    public int page_private(Value pfnV) {
        return map.priv(pfn("page_private", pfnV));
    }

    @HostAccess.Export
    public void set_page_private(Value pfnV, Value v) {
        map.setPriv(pfn("set_page_private", pfnV), integer("set_page_private", "private", v));
    }

    /** page_order() (mm/internal.h): page->private of a PG_buddy page. */
    @HostAccess.Export
    public int page_order(Value pfnV) {
        return map.priv(pfn("page_order", pfnV));
    }

    @HostAccess.Export
    public boolean PageFlag(Value pfnV, Value flagV) {
        return map.test(pfn("PageFlag", pfnV), flag("PageFlag", flagV));
    }

    @HostAccess.Export
    public void SetPageFlag(Value pfnV, Value flagV) {
        map.set(pfn("SetPageFlag", pfnV), flag("SetPageFlag", flagV));
    }

    @HostAccess.Export
    public void ClearPageFlag(Value pfnV, Value flagV) {
        map.clear(pfn("ClearPageFlag", pfnV), flag("ClearPageFlag", flagV));
    }

    @HostAccess.Export
    public boolean PageBuddy(Value pfnV) {
        return map.test(pfn("PageBuddy", pfnV), PageFlags.PG_buddy);
    }

    @HostAccess.Export
    public void __SetPageBuddy(Value pfnV) {
        map.set(pfn("__SetPageBuddy", pfnV), PageFlags.PG_buddy);
    }

    @HostAccess.Export
    public void __ClearPageBuddy(Value pfnV) {
        map.clear(pfn("__ClearPageBuddy", pfnV), PageFlags.PG_buddy);
    }

    @HostAccess.Export
    public boolean PageReserved(Value pfnV) {
        return map.test(pfn("PageReserved", pfnV), PageFlags.PG_reserved);
    }

    // ------------------------------------------------------------------ list_head over page->lru (CONFIG_DEBUG_LIST checks)

    @HostAccess.Export
    public JsListHead list_head() {
        int slot;
        try {
            slot = map.allocListHead();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("LIST_HEAD: the machine has no list heads left (" + MemMap.MAX_LIST_HEADS
                + " in all); make the heads once, in init(), not on every call");
        }
        map.setLru(slot, slot, slot); // INIT_LIST_HEAD
        return new JsListHead(this, slot);
    }

    /** __list_add(new, prev, next) with lib/list_debug.c's checks. */
    private void listAdd(String fn, int entry, int prev, int next) {
        if (map.lruPrev(next) != prev || map.lruNext(prev) != next) {
            throw new IllegalArgumentException(fn + ": list corruption: the list the page is added to is broken"
                + " (a page on it was reused or added twice without list_del)");
        }
        if (entry == prev || entry == next) {
            throw new IllegalArgumentException(fn + ": pfn " + entry + " is already on this list (list_add of a page twice)");
        }
        map.listAdd(entry, prev, next);
    }

    @HostAccess.Export
    public void list_add(Value pfnV, Value headV) {
        int p = pfn("list_add", pfnV);
        int h = head("list_add", headV);
        listAdd("list_add", p, h, map.lruNext(h));
    }

    @HostAccess.Export
    public void list_add_tail(Value pfnV, Value headV) {
        int p = pfn("list_add_tail", pfnV);
        int h = head("list_add_tail", headV);
        listAdd("list_add_tail", p, map.lruPrev(h), h);
    }

    /** list_del(): the page leaves whatever list holds it; its links become poison (NIL). */
    @HostAccess.Export
    public void list_del(Value pfnV) {
        listDel("list_del", pfn("list_del", pfnV));
    }

    private void listDel(String fn, int p) {
        int next = map.lruNext(p);
        int prev = map.lruPrev(p);
        if (next < 0 || prev < 0 || next >= nrSlots || prev >= nrSlots || map.lruPrev(next) != p
            || map.lruNext(prev) != p) {
            throw new IllegalArgumentException(fn + ": pfn " + p + " is not on a list"
                + (next == MemMap.NIL ? " (it was list_del'ed already)" : ""));
        }
        map.listDel(p);
    }

    @HostAccess.Export
    public void list_move(Value pfnV, Value headV) {
        int p = pfn("list_move", pfnV);
        int h = head("list_move", headV);
        listDel("list_move", p);
        listAdd("list_move", p, h, map.lruNext(h));
    }

    @HostAccess.Export
    public void list_move_tail(Value pfnV, Value headV) {
        int p = pfn("list_move_tail", pfnV);
        int h = head("list_move_tail", headV);
        listDel("list_move_tail", p);
        listAdd("list_move_tail", p, map.lruPrev(h), h);
    }

    @HostAccess.Export
    public boolean list_empty(Value headV) {
        int h = head("list_empty", headV);
        return map.lruNext(h) == h;
    }

    /** list_first_entry(): the first pfn, or -1 for an empty list. */
    @HostAccess.Export
    public int list_first_entry(Value headV) {
        int h = head("list_first_entry", headV);
        int n = map.lruNext(h);
        return n == h ? -1 : n;
    }

    /** list_entry(head->prev): the last pfn, or -1 for an empty list. */
    @HostAccess.Export
    public int list_last_entry(Value headV) {
        int h = head("list_last_entry", headV);
        int p = map.lruPrev(h);
        return p == h ? -1 : p;
    }

    /** list_entry(page->lru.next): the pfn after this one on head's list, or -1 at its end. */
    @HostAccess.Export
    public int list_next_entry(Value pfnV, Value headV) {
        int p = pfn("list_next_entry", pfnV);
        int h = head("list_next_entry", headV);
        int n = map.lruNext(p);
        if (n < 0 || n >= nrSlots) {
            throw new IllegalArgumentException("list_next_entry: pfn " + p + " is not on a list");
        }
        return n == h ? -1 : n;
    }

    /** list_entry(page->lru.prev): the pfn before this one on head's list, or -1 at its start. */
    @HostAccess.Export
    public int list_prev_entry(Value pfnV, Value headV) {
        int p = pfn("list_prev_entry", pfnV);
        int h = head("list_prev_entry", headV);
        int n = map.lruPrev(p);
        if (n < 0 || n >= nrSlots) {
            throw new IllegalArgumentException("list_prev_entry: pfn " + p + " is not on a list");
        }
        return n == h ? -1 : n;
    }

    // ------------------------------------------------------------------ page_alloc.c services (PageAllocSupport)

    /** gfp_zone(): the highest zone index the allocation may use (a bad combination is a BUG under debug). */
    @HostAccess.Export
    public int gfp_zone(Value gfpV) {
        return support.gfpZone(gfp("gfp_zone", gfpV));
    }

    /** prep_new_page(): true when a bad page was found (the block must not be handed out). */
    @HostAccess.Export
    public boolean prep_new_page(Value pfnV, Value orderV, Value gfpV) {
        int[] o = new int[1];
        int p = block("prep_new_page", pfnV, orderV, o);
        return support.prepNewPage(p, o[0], gfp("prep_new_page", gfpV));
    }

    /** The checks and accounting of __free_pages_ok(): true when the block may go on the free lists. */
    @HostAccess.Export
    public boolean free_pages_prepare(Value pfnV, Value orderV) {
        int[] o = new int[1];
        int p = block("free_pages_prepare", pfnV, orderV, o);
        return support.freePagesPrepare(p, o[0]);
    }

    /** A block leaves the free lists for an allocation: NR_FREE_PAGES of its zone drops, pgalloc_ZONE rises. */
    @HostAccess.Export
    public void account_alloc(Value pfnV, Value orderV) {
        int[] o = new int[1];
        int p = block("account_alloc", pfnV, orderV, o);
        support.accountAlloc(p, o[0]);
        vmstat.pgalloc[map.zoneIdx(p)] += 1L << o[0];
    }

    /**
     * The end of an allocation that failed: kmemlab's line where the kernel would reclaim or OOM-kill, the
     * kernel's warning (unless __GFP_NOWARN; once for order >= MAX_ORDER), and -1 to return.
     */
    @HostAccess.Export
    public int alloc_failed(Value gfpV, Value orderV) {
        int g = gfp("alloc_failed", gfpV);
        int order = integer("alloc_failed", "order", orderV);
        if (order < 0) {
            throw bad("alloc_failed", "order", "a non-negative integer", orderV);
        }
        if (order < Profile.MAX_ORDER && (g & Gfp.__GFP_WAIT) != 0 && (g & Gfp.__GFP_FS) != 0
            && (g & Gfp.__GFP_NORETRY) == 0) {
            log.printk("kmemlab: no process to reclaim from or to OOM-kill; the allocation fails instead\n");
        }
        return (int) support.allocFailed(g, order);
    }

    // ------------------------------------------------------------------ log and BUG

    @HostAccess.Export
    public void printk(Value s) {
        log.printk(s == null ? "" : s.isString() ? s.asString() : s.toString());
    }

    /** BUG(): the runtime reports {@code kernel BUG at FILE:LINE!} with the module's line. */
    @HostAccess.Export
    public void BUG() {
        throw new BugSignal();
    }
}
