package org.kmemlab.mmu;

import com.google.inject.Inject;
import com.google.inject.Provider;

import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PhysMem;

/** {@code mmu=i386-pae}: 3-level PAE paging (64-bit entries, NX), 3G/1G split, 2 MiB large pages. */
public final class Mmu32Pae extends X86Mmu {
    @Inject
    public Mmu32Pae(PhysMem phys, MachineConfig config, KernelLog log, Provider<PageAllocator> buddy) {
        super(PagingMode.I386_PAE, phys, config, log, buddy);
    }
}
