package org.kmemlab.mmu;

import org.kmemlab.api.Profile;

/**
 * paging_init(): the kernel page tables as 2.6.34 leaves them after boot (reference §7).
 *
 * <p>x86_64: init_level4_pgt, level3_ident_pgt and level2_ident_pgt (the first GiB in 2 MiB pages,
 * __PAGE_KERNEL_IDENT_LARGE_EXEC) and level3/level2_kernel_pgt (the kernel text mapping, cut to
 * _text.._end by cleanup_highmap) are static tables inside the kernel image (head_64.S);
 * kernel_physical_mapping_init() reuses them and takes further tables from an early reservation found
 * from 0x8000 up (find_early_table_space). i386: swapper_pg_dir in the image, lowmem mapped with
 * 4 MiB (2 MiB with PAE) pages except the first large page (MTRRs) and the unaligned tail, plus the
 * pkmap and fixmap pte tables (permanent_kmaps_init, fixrange_init). With {@code debug}
 * (CONFIG_DEBUG_PAGEALLOC) large pages are not used, so single pages can be unmapped.
 *
 * <p>kmemlab's placement of the static tables (image + 0x1000 onwards) is its own; the kernel's
 * depends on the link.
 */
final class BootPageTables {
    /** __PAGE_KERNEL_LARGE_EXEC / __PAGE_KERNEL_IDENT_LARGE_EXEC: P|RW|A|D|PSE|G. */
    static final long LARGE_EXEC = 0x1e3;
    /** __PAGE_KERNEL_EXEC: P|RW|A|D|G. */
    static final long KERNEL_EXEC = 0x163;

    private final X86Mmu m;
    private final Profile p;

    BootPageTables(X86Mmu m) {
        this.m = m;
        this.p = m.p;
    }

    void build() {
        long image = Profile.KERNEL_PHYS_START;
        m.pgdPa = image + 0x1000;
        m.phys.fill(m.pgdPa, 0, 4096);
        m.tablePages[0] = 1;
        m.noteTable(m.pgdPa);
        if (m.mode.is64()) {
            reserve(early64());
            build64(image);
        } else {
            reserve(early32());
            build32();
        }
        if (m.earlyNext != m.earlyEnd) {
            throw new IllegalStateException("boot page tables used " + (m.earlyEnd - m.earlyNext) + " pages less than reserved");
        }
        m.bootDone = true;
    }

    private void reserve(long pages) {
        if (pages == 0) {
            return;
        }
        long from = (m.mode.is64() ? 0x8000 : 0x7000) >> p.pageShift; // find_early_table_space
        long start = m.phys.reserveEarly("page tables (PGTABLE)", from, pages, p.maxLowPfn);
        if (start < 0) {
            throw new IllegalStateException("no room for " + pages + " boot page-table pages");
        }
        m.earlyNext = start;
        m.earlyEnd = start + pages;
    }

    private long gib() {
        return (p.ramBytes + (1L << 30) - 1) >> 30;
    }

    private long early64() {
        long ptes = m.debug ? (p.maxPfn + 511) / 512 : 0;
        return gib() - 1 + ptes;
    }

    private void build64(long image) {
        long l3ident = image + 0x2000;
        long l2ident = image + 0x3000;
        long l3kernel = image + 0x4000;
        long l2kernel = image + 0x5000;
        for (long t : new long[] {l3ident, l2ident, l3kernel, l2kernel}) {
            m.phys.fill(t, 0, 4096);
        }
        m.tablePages[1] += 2;
        m.tablePages[2] += 2;
        for (long t : new long[] {l3ident, l2ident, l3kernel, l2kernel}) {
            m.noteTable(t);
        }
        m.writeEntry(m.entryPa(m.pgdPa, 0, p.pageOffset), l3ident | X86Bits.KERNPG_TABLE);
        m.writeEntry(m.entryPa(l3ident, 1, p.pageOffset), l2ident | X86Bits.KERNPG_TABLE);
        m.writeEntry(m.entryPa(m.pgdPa, 0, p.startKernelMap), l3kernel | X86Bits.PAGE_TABLE);
        m.writeEntry(m.entryPa(l3kernel, 1, p.startKernelMap), l2kernel | X86Bits.KERNPG_TABLE);
        long text = Profile.KERNEL_PHYS_START;
        long end = (text + Profile.KERNEL_IMAGE_SIZE + (2L << 20) - 1) & -(2L << 20);
        for (long pa = text; pa < end; pa += 2L << 20) {
            m.writeEntry(m.entryPa(l2kernel, 2, p.startKernelMap + pa), pa | LARGE_EXEC);
        }
        long ram = p.maxPfn << p.pageShift;
        long two = 2L << 20;
        for (long pa = 0; pa < ram; pa += two) {
            boolean firstGib = pa < (1L << 30);
            long va = p.pageOffset + pa;
            long pmdEntry = m.entryFor(va, 2, true); // level2_ident_pgt, or a new pmd page above 1 GiB
            if (m.debug) {
                long pte = m.allocTable(3);
                long prot = firstGib ? KERNEL_EXEC : m.mode.pageKernel(); // split from the ident large page
                for (int k = 0; k < 512; k++) {
                    m.writeEntry(pte + 8L * k, (pa + ((long) k << 12)) | prot);
                }
                m.writeEntry(pmdEntry, pte | X86Bits.PAGE_TABLE);
                m.direct4k += 512;
            } else {
                m.writeEntry(pmdEntry, pa | (firstGib ? LARGE_EXEC : m.mode.pageKernelLarge()));
                m.directLarge++;
            }
        }
    }

    private long largePages() {
        return m.mode.largeSize() >> 12;
    }

    /** Whether a lowmem region starting at pfn is mapped with a large page. */
    private boolean large(long pfn) {
        return !m.debug && pfn != 0 && pfn + largePages() <= p.maxLowPfn;
    }

    private long early32() {
        long n = m.mode == PagingMode.I386_PAE ? 1 : 0;
        for (long pfn = 0; pfn < p.maxLowPfn; pfn += largePages()) {
            if (!large(pfn)) {
                n++;
            }
        }
        return n + 2; // pkmap and fixmap pte tables
    }

    /** is_kernel_text() of init_32.c: PAGE_OFFSET up to __init_end keeps PAGE_KERNEL_EXEC (no NX under PAE). */
    private static boolean kernelText(long pa) {
        return pa < Profile.KERNEL_PHYS_START + Profile.KERNEL_IMAGE_SIZE;
    }

    private void build32() {
        int last = m.mode.last();
        int lvl = m.mode.largeLevel;
        long step = largePages();
        for (long pfn = 0; pfn < p.maxLowPfn; pfn += step) {
            long pa = pfn << 12;
            long va = m.lowmemAddress(pfn);
            if (large(pfn)) {
                long ea = m.entryFor(va, lvl, true);
                m.writeEntry(ea, pa | (kernelText(pa) ? LARGE_EXEC : m.mode.pageKernelLarge()));
                m.directLarge++;
                continue;
            }
            long first = m.entryFor(va, last, true);
            long n = Math.min(step, p.maxLowPfn - pfn);
            for (long k = 0; k < n; k++) {
                long fpa = pa + (k << 12);
                m.writeEntry(first + k * m.mode.entrySize, fpa | (kernelText(fpa) ? KERNEL_EXEC : m.mode.pageKernel()));
            }
            m.direct4k += n;
        }
        m.entryFor(Highmem.PKMAP_BASE, last, true);                 // permanent_kmaps_init
        m.entryFor(Highmem.fixToVirt(Highmem.FIX_KMAP_BEGIN), last, true); // fixrange_init / kmap_init
    }
}
