package org.kmemlab.script.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.kmemlab.api.KernelEvent;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Reports;
import org.kmemlab.api.Zone;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.trace.CallRecord;

/**
 * One booted machine in the report: its layout and initial frame state (taken at boot), then one step per recorded
 * kernel call with only what changed. A step's changed frames are found by re-classifying the MAX_ORDER-aligned
 * regions around every pfn the call's events, arguments and result name (splits and merges stay inside such a
 * region), plus every slab page when /proc/slabinfo changed (objects come and go without a page event).
 */
final class MachineCapture {
    /** A MAX_ORDER block: 2^(MAX_ORDER-1) frames. */
    private static final int REGION_SHIFT = Profile.MAX_ORDER - 1;

    private final Kernel k;
    private final Profile p;
    private final FrameState frames;
    private final Map<String, Object> json = new LinkedHashMap<>();
    private Object buddy;
    private Object slab;
    private Object vmalloc;

    MachineCapture(int test, MachineConfig config, Kernel kernel) {
        this.k = kernel;
        this.p = kernel.profile();
        this.frames = new FrameState(kernel);
        json.put("test", test);
        json.put("config", config.toString());
        json.put("profile", profileJson());
        json.put("nrFrames", frames.nrFrames());
        json.put("zones", zonesJson());
        buddy = view("buddyinfo");
        slab = view("slabinfo");
        vmalloc = vmallocView();
        json.put("buddy", buddy);
        json.put("slab", slab);
        json.put("vmalloc", vmalloc);
        json.put("init", frames.snapshot());
        json.put("caches", frames.caches());
    }

    /** The machine's part of the report (the cache list is final once the run is over). */
    Map<String, Object> json() {
        return json;
    }

    /** The step for one recorded call, taken while the machine shows the call's effect. */
    Map<String, Object> step(int machine, CallRecord r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("m", machine);
        s.put("call", CallFormat.call(r));
        String result = CallFormat.result(r);
        if (result != null) {
            s.put("result", result);
        }
        if (r.error() != null) {
            s.put("error", Objects.toString(r.error().getMessage(), r.error().getClass().getSimpleName()));
            s.put("errorType", r.error().getClass().getSimpleName());
        }
        if (r.location() != null) {
            s.put("at", r.location());
        }
        List<String> ev = new ArrayList<>();
        Delta delta = new Delta(REGION_SHIFT);
        for (KernelEvent e : r.events()) {
            ev.add(CallFormat.event(e));
            if (e.fields().get("pfn") instanceof Number pfn) {
                region(pfn.longValue(), delta);
            }
        }
        Object[] args = r.args();
        for (int i = 0; i < args.length; i++) {
            candidate(args[i], CallFormat.pageArg(r.fn(), i), delta);
        }
        candidate(r.result(), CallFormat.pageResult(r.fn()), delta);
        Object slabNow = view("slabinfo");
        if (!slabNow.equals(slab)) {
            slab = slabNow;
            s.put("slab", slab);
            frames.diffSlabFrames(delta);
        }
        Object buddyNow = view("buddyinfo");
        if (!buddyNow.equals(buddy)) {
            buddy = buddyNow;
            s.put("buddy", buddy);
        }
        Object vmNow = vmallocView();
        if (!vmNow.equals(vmalloc)) {
            vmalloc = vmNow;
            s.put("vmalloc", vmalloc);
        }
        if (!ev.isEmpty()) {
            s.put("ev", ev);
        }
        s.put("d", delta.frameData());
        if (!delta.extra().isEmpty()) {
            s.put("x", delta.extra());
        }
        return s;
    }

    /**
     * A long argument or result that is a page (a pfn, by the function's signature) or a direct-map address names a
     * region to re-check; sizes and other numbers do not.
     */
    private void candidate(Object v, boolean isPfn, Delta delta) {
        if (v instanceof Long l) {
            long pfn = isPfn ? l : directMapPfn(l);
            if (pfn >= 0) {
                region(pfn, delta);
            }
        } else if (v instanceof long[] arr) {
            for (long l : arr) {
                candidate(l, isPfn, delta);
            }
        }
    }

    private long directMapPfn(long v) {
        if (v >= 0 && v < frames.nrFrames()) {
            return -1; // a small number: a size or a count, not an address
        }
        try {
            if (k.virt_addr_valid(v)) {
                return k.__pa(v) >>> p.pageShift;
            }
        } catch (RuntimeException e) {
            // not a direct-map address: nothing to re-check
        }
        return -1;
    }

    private void region(long pfn, Delta delta) {
        if (pfn >= 0 && pfn < frames.nrFrames() && delta.claimRegion(pfn)) {
            int from = (int) (pfn >> REGION_SHIFT << REGION_SHIFT);
            frames.diffRange(from, from + (1 << REGION_SHIFT), delta);
        }
    }

    private Object view(String name) {
        try {
            Object v = k.view(name);
            return v == null ? List.of() : v;
        } catch (RuntimeException e) {
            return List.of(); // the slot is not filled on this machine
        }
    }

    /** vmallocinfo with addresses as hex strings: JSON numbers lose the low bits of a 64-bit address. */
    private Object vmallocView() {
        List<Object> out = new ArrayList<>();
        if (view("vmallocinfo") instanceof List<?> areas) {
            for (Object o : areas) {
                if (o instanceof Map<?, ?> a) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("start", hex(a.get("start")));
                    m.put("end", hex(a.get("end")));
                    m.put("size", a.get("size"));
                    m.put("pages", a.get("pages"));
                    m.put("caller", a.get("caller"));
                    m.put("flags", String.valueOf(a.get("flags")));
                    out.add(m);
                }
            }
        }
        return out;
    }

    private static String hex(Object v) {
        return v instanceof Number n ? Long.toHexString(n.longValue()) : String.valueOf(v);
    }

    private Map<String, Object> profileJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name);
        m.put("is64", p.is64);
        m.put("pageSize", p.pageSize);
        m.put("pageShift", p.pageShift);
        m.put("structPageBase", Long.toHexString(Reports.structPageAddress(p, 0)));
        m.put("structPageSize", p.structPageSize);
        m.put("zonesPgShift", p.zonesPgShift);
        m.put("maxOrder", Profile.MAX_ORDER);
        m.put("flagNames", java.util.Arrays.asList(java.util.Arrays.copyOf(PageFlags.NAMES, PageFlags.NR_PAGEFLAGS)));
        m.put("vmallocStart", Long.toHexString(p.vmallocStart));
        m.put("vmallocEnd", Long.toHexString(p.vmallocEnd));
        return m;
    }

    private List<Object> zonesJson() {
        List<Object> out = new ArrayList<>();
        for (Zone z : k.physmem().zones()) {
            if (z.spannedPages == 0) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", z.index);
            m.put("name", z.name);
            m.put("start", z.startPfn);
            m.put("spanned", z.spannedPages);
            m.put("present", z.presentPages);
            m.put("wmark", List.of(z.minWmark(), z.lowWmark(), z.highWmark()));
            out.add(m);
        }
        return out;
    }
}
