package org.kmemlab.mmu;

import java.util.List;

/**
 * The geometry of one x86 paging mode (reference §7): the levels a walk visits, the virtual-address bits
 * each level indexes, the entry size, where a large page (PSE) may end a walk, and the physical mask.
 * Folded levels (pud on 32-bit, pmd without PAE) are simply absent.
 */
final class PagingMode {
    /** 4-level, 48-bit (pgtable_64_types.h): 512 8-byte entries per table, 2 MiB pages at the pmd. */
    static final PagingMode X86_64 = new PagingMode("x86_64", List.of("pgd", "pud", "pmd", "pte"),
        new int[] {39, 30, 21, 12}, new int[] {9, 9, 9, 9}, 8, 2, 46, true);
    /** 2-level, no PAE (pgtable-2level_types.h): 1024 4-byte entries, 4 MiB pages at the pgd. */
    static final PagingMode I386 = new PagingMode("i386", List.of("pgd", "pte"),
        new int[] {22, 12}, new int[] {10, 10}, 4, 0, 32, false);
    /** 3-level PAE (pgtable-3level_types.h): a 4-entry pgd (PDPT), 512-entry pmd and pte, 2 MiB pages at the pmd. */
    static final PagingMode I386_PAE = new PagingMode("i386-pae", List.of("pgd", "pmd", "pte"),
        new int[] {30, 21, 12}, new int[] {2, 9, 9}, 8, 1, 44, true);

    final String name;
    final List<String> levels;
    final int[] shift;
    final int[] bits;
    final int entrySize;
    /** The level whose entries may map a large page (PSE): pmd, or pgd on non-PAE i386. */
    final int largeLevel;
    /** __PHYSICAL_MASK_SHIFT. */
    final int physBits;
    /** Whether _PAGE_NX is supported (x86_64, PAE on an NX-capable CPU). */
    final boolean nx;
    final long pteFrameMask;

    private PagingMode(String name, List<String> levels, int[] shift, int[] bits, int entrySize, int largeLevel,
                       int physBits, boolean nx) {
        this.name = name;
        this.levels = levels;
        this.shift = shift;
        this.bits = bits;
        this.entrySize = entrySize;
        this.largeLevel = largeLevel;
        this.physBits = physBits;
        this.nx = nx;
        this.pteFrameMask = ((1L << physBits) - 1) & ~0xfffL; // PTE_PFN_MASK
    }

    int depth() {
        return levels.size();
    }

    int last() {
        return levels.size() - 1;
    }

    /** The index a virtual address selects at a level. */
    int index(int level, long v) {
        return (int) ((v >>> shift[level]) & ((1L << bits[level]) - 1));
    }

    /** Bytes one entry of a level maps (PGDIR_SIZE, PMD_SIZE, PAGE_SIZE ...). */
    long span(int level) {
        return 1L << shift[level];
    }

    /** The size of the large page an entry at largeLevel maps: 2 MiB or 4 MiB. */
    long largeSize() {
        return span(largeLevel);
    }

    boolean is64() {
        return this == X86_64;
    }

    /** __PAGE_KERNEL: P|RW|A|D|G, plus NX where supported. */
    long pageKernel() {
        return 0x163L | (nx ? X86Bits.NX : 0);
    }

    /** __PAGE_KERNEL_LARGE. */
    long pageKernelLarge() {
        return pageKernel() | X86Bits.PSE;
    }
}
