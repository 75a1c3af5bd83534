package org.kmemlab.mmu;

import com.google.inject.Inject;
import com.google.inject.Provider;

import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PhysMem;

/** {@code mmu=x86_64}: 4-level paging, 48-bit virtual addresses. */
public final class Mmu64 extends X86Mmu {
    @Inject
    public Mmu64(PhysMem phys, MachineConfig config, KernelLog log, Provider<PageAllocator> buddy) {
        super(PagingMode.X86_64, phys, config, log, buddy);
    }
}
