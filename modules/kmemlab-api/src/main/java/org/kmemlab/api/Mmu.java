package org.kmemlab.api;

import java.util.List;

/** The {@code mmu} slot (arch/x86/mm): page tables in simulated RAM and address translation. */
public interface Mmu {
    /** The physical address {@code vaddr} maps to, or −1 when it is not mapped. */
    long translate(long vaddr);

    /** The levels a hardware walk visits, top first (folded levels left out). */
    List<WalkStep> walk(long vaddr);

    /** One visited level: {@code pgd}, {@code pud}, {@code pmd} or {@code pte}. */
    record WalkStep(String name, int index, long entry, List<String> flags) {
    }
}
