package org.kmemlab.mmu;

import java.util.HashMap;
import java.util.Map;

import org.kmemlab.api.KernelBug;
import org.kmemlab.api.Reports;

/**
 * Highmem on i386 (mm/highmem.c, arch/x86/mm/highmem_32.c, reference §4): the pkmap ring of permanent
 * kmaps with its counts (0 free, 1 unmapped but stale until the next wrap-around flush, n ≥ 2 → n − 1 users),
 * the page_address hash of HASHED_PAGE_VIRTUAL, and the per-CPU kmap_atomic fixmap slots (one CPU).
 */
final class Highmem {
    /** PKMAP_BASE for the fixmap size kmemlab's i386 profile assumes (VMALLOC_END = PKMAP_BASE − 2 pages). */
    static final long PKMAP_BASE = 0xff800000L;
    /** __FIXADDR_TOP. */
    static final long FIXADDR_TOP = 0xfffff000L;
    /**
     * FIX_KMAP_BEGIN of an i386 build with local APIC and IO-APIC (MAX_IO_APICS 64): FIX_HOLE, FIX_VDSO,
     * FIX_DBGP_BASE, FIX_EARLYCON_MEM_BASE, FIX_APIC_BASE, FIX_IO_APIC_BASE_0..63 come first.
     */
    static final int FIX_KMAP_BEGIN = 69;
    /** enum km_type of 2.6.34 (asm-generic/kmap_types.h). */
    static final String[] KM_TYPES = {"KM_BOUNCE_READ", "KM_SKB_SUNRPC_DATA", "KM_SKB_DATA_SOFTIRQ", "KM_USER0",
        "KM_USER1", "KM_BIO_SRC_IRQ", "KM_BIO_DST_IRQ", "KM_PTE0", "KM_PTE1", "KM_IRQ0", "KM_IRQ1", "KM_SOFTIRQ0",
        "KM_SOFTIRQ1", "KM_SYNC_ICACHE", "KM_SYNC_DCACHE", "KM_UML_USERCOPY", "KM_IRQ_PTE", "KM_NMI", "KM_NMI_PTE"};
    static final int KM_TYPE_NR = KM_TYPES.length;
    static final int KM_USER0 = 3;

    private final X86Mmu m;
    /** LAST_PKMAP: 1024, or 512 with PAE. */
    final int lastPkmap;
    private final int[] pkmapCount;
    private int lastPkmapNr;
    /** page_address_htable: highmem pfn → its pkmap address. */
    private final Map<Long, Long> pageAddress = new HashMap<>();

    Highmem(X86Mmu m) {
        this.m = m;
        this.lastPkmap = m.mode == PagingMode.I386_PAE ? 512 : 1024;
        this.pkmapCount = new int[lastPkmap];
    }

    static long fixToVirt(int idx) {
        return FIXADDR_TOP - ((long) idx << 12);
    }

    static long pkmapAddr(int nr) {
        return PKMAP_BASE + ((long) nr << 12);
    }

    static void checkType(int type) {
        if (type < 0 || type >= KM_TYPE_NR) {
            throw new IllegalArgumentException("kmap_atomic type " + type + " is out of range; types are 0 ("
                + KM_TYPES[0] + ") to " + (KM_TYPE_NR - 1) + " (" + KM_TYPES[KM_TYPE_NR - 1] + "), e.g. KM_USER0");
        }
    }

    long pageAddress(long pfn) {
        Long v = pageAddress.get(pfn);
        return v == null ? 0 : v;
    }

    int pkmapCount(long pfn) {
        Long v = pageAddress.get(pfn);
        return v == null ? -1 : pkmapCount[(int) ((v - PKMAP_BASE) >> 12)];
    }

    private long pte(long va) {
        long ea = m.entryFor(va, m.mode.last(), false);
        if (ea < 0) {
            throw new IllegalStateException("no pte table for " + Long.toHexString(va));
        }
        return ea;
    }

    /** kmap_high(). */
    long kmapHigh(long pfn) {
        long vaddr = pageAddress(pfn);
        if (vaddr == 0) {
            vaddr = mapNewVirtual(pfn);
        }
        int nr = (int) ((vaddr - PKMAP_BASE) >> 12);
        pkmapCount[nr]++;
        if (pkmapCount[nr] < 2) {
            throw Reports.bug(m.log, "mm/highmem.c", SourceLines.KMAP_HIGH_BUG, "kmap_high", "kmap", "scenario_init");
        }
        return vaddr;
    }

    /** map_new_virtual(): the next free slot after last_pkmap_nr, flushing stale ones when the scan wraps. */
    private long mapNewVirtual(long pfn) {
        int count = lastPkmap;
        for (;;) {
            lastPkmapNr = (lastPkmapNr + 1) & (lastPkmap - 1);
            if (lastPkmapNr == 0) {
                flushAllZeroPkmaps();
                count = lastPkmap;
            }
            if (pkmapCount[lastPkmapNr] == 0) {
                break;
            }
            if (--count == 0) {
                // the kernel sleeps on pkmap_map_wait until someone kunmaps; here nobody else runs
                throw new KernelBug("kmap: all " + lastPkmap + " pkmap slots are in use; kmap_high() would sleep on"
                    + " pkmap_map_wait forever (no other task can kunmap). kunmap() pages you no longer need.\n");
            }
        }
        long vaddr = pkmapAddr(lastPkmapNr);
        m.writeEntry(pte(vaddr), (pfn << 12) | m.mode.pageKernel()); // set_pte_at(..., mk_pte(page, kmap_prot))
        pkmapCount[lastPkmapNr] = 1;
        pageAddress.put(pfn, vaddr); // set_page_address
        return vaddr;
    }

    /** flush_all_zero_pkmaps(): slots with count 1 lose their mapping and their page its address. */
    private void flushAllZeroPkmaps() {
        for (int i = 0; i < lastPkmap; i++) {
            if (pkmapCount[i] != 1) {
                continue;
            }
            pkmapCount[i] = 0;
            long ea = pte(pkmapAddr(i));
            long e = m.readEntry(ea);
            long pfn = (e & m.mode.pteFrameMask) >>> 12;
            m.writeEntry(ea, 0); // pte_clear
            pageAddress.remove(pfn);
        }
        m.flush(PKMAP_BASE, pkmapAddr(lastPkmap));
    }

    /** kunmap_high(). */
    void kunmapHigh(long pfn) {
        long vaddr = pageAddress(pfn);
        if (vaddr == 0) {
            throw Reports.bug(m.log, "mm/highmem.c", SourceLines.KUNMAP_HIGH_NOADDR, "kunmap_high", "kunmap", "scenario_init");
        }
        int nr = (int) ((vaddr - PKMAP_BASE) >> 12);
        if (--pkmapCount[nr] == 0) {
            pkmapCount[nr] = 0;
            throw Reports.bug(m.log, "mm/highmem.c", SourceLines.KUNMAP_HIGH_ZERO, "kunmap_high", "kunmap", "scenario_init");
        }
    }

    /** kmap_atomic_prot() (one CPU: idx = type). */
    long kmapAtomic(long pfn, int type) {
        long vaddr = fixToVirt(FIX_KMAP_BEGIN + type);
        long ea = pte(vaddr);
        if (m.readEntry(ea) != 0) {
            throw Reports.bug(m.log, "arch/x86/mm/highmem_32.c", SourceLines.KMAP_ATOMIC_BUSY, "kmap_atomic_prot",
                "kmap_atomic", "scenario_init");
        }
        m.writeEntry(ea, (pfn << 12) | m.mode.pageKernel());
        return vaddr;
    }

    /** kunmap_atomic(). */
    void kunmapAtomic(long kvaddr, int type) {
        long vaddr = m.canon(kvaddr) & ~0xfffL;
        long slot = fixToVirt(FIX_KMAP_BEGIN + type);
        if (vaddr == slot) {
            m.writeEntry(pte(slot), 0); // kpte_clear_flush
            m.flush(slot, slot + 4096);
        } else if (m.debug) { // CONFIG_DEBUG_HIGHMEM
            if (vaddr < m.p.pageOffset) {
                throw Reports.bug(m.log, "arch/x86/mm/highmem_32.c", SourceLines.KUNMAP_ATOMIC_LOW, "kunmap_atomic",
                    "scenario_init");
            }
            if (vaddr >= m.lowmemAddress(m.p.maxLowPfn)) {
                throw Reports.bug(m.log, "arch/x86/mm/highmem_32.c", SourceLines.KUNMAP_ATOMIC_HIGH, "kunmap_atomic",
                    "scenario_init");
            }
        }
    }
}
