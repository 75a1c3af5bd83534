package org.kmemlab.kernel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Zone;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;

class TraceReplayTest {
    @Test
    void roundTripIsDeterministicAndReturnsEverything(@TempDir Path dir) throws Exception {
        int[] ops = TraceGen.generate(50_000, 0, 3, 2000, 42);
        Path f = dir.resolve("t.bin");
        TraceGen.write(f, ops);
        assertEquals(ops.length * 4L, Files.size(f));
        int[] back = TraceReplay.read(f);
        assertEquals(ops.length, back.length);
        TraceReplay.validate(back);
        MachineConfig c = MachineConfig.defaults().withRam(256L << 20).withDebug(false);
        TraceReplay.Result a = TraceReplay.replay(Machine.boot(c), back);
        TraceReplay.Result b = TraceReplay.replay(Machine.boot(c), back);
        assertEquals(a.checksum(), b.checksum(), "same trace, same machine, same pfns");
        assertEquals(0, a.failedAllocations());
        assertTrue(a.frees() > 20_000);
        Kernel k = Machine.boot(c);
        long free = k.physmem().zones().stream().mapToLong(Zone::nrFreePages).sum();
        TraceReplay.replay(k, back);
        long live = k.physmem().zones().stream().mapToLong(Zone::nrFreePages).sum();
        assertTrue(live < free);
    }

    @Test
    void badTracesAreRejectedWithAReason(@TempDir Path dir) throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> TraceReplay.validate(new int[] {0, -2}));
        assertTrue(e.getMessage().contains("frees handle 1 before it was allocated"));
        Path f = dir.resolve("odd.bin");
        Files.write(f, new byte[] {1, 2, 3});
        assertThrows(IllegalArgumentException.class, () -> TraceReplay.read(f));
    }
}
