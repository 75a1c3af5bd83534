package org.kmemlab.mmu;

import com.google.inject.Inject;
import com.google.inject.Provider;

import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PhysMem;

/** {@code mmu=i386}: 2-level paging without PAE, 3G/1G split, 4 MiB large pages. */
public final class Mmu32 extends X86Mmu {
    @Inject
    public Mmu32(PhysMem phys, MachineConfig config, KernelLog log, Provider<PageAllocator> buddy) {
        super(PagingMode.I386, phys, config, log, buddy);
    }
}
