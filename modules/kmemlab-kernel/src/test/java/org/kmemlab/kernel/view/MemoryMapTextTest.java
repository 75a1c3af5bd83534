package org.kmemlab.kernel.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;
import org.junit.jupiter.api.Test;

class MemoryMapTextTest {
    @Test
    void zonesLegendAndWidth() {
        Kernel k = Machine.boot(MachineConfig.defaults());
        k.alloc_pages(Gfp.GFP_KERNEL, 4);
        String text = MemoryMapText.render(k, MapOptions.defaults());
        assertTrue(text.contains("Zone DMA  pfn 0x0-0x1000"), text);
        assertTrue(text.contains("Zone DMA32  pfn 0x1000-0x40000"), text);
        assertTrue(text.contains("1 char = 64 frames, 256 KiB"), text);
        assertTrue(text.contains("legend: · hole  ▓ reserved  0-A free block of order n"), text);
        assertFalse(text.contains("\u001b["), "no colour unless asked");
        for (String line : text.split("\n")) {
            if (line.startsWith("  ")) {
                String cells = line.trim().split(" ", 2)[1];
                assertTrue(cells.length() <= 64, line);
            }
        }
        long dma32Rows = text.lines().dropWhile(l -> !l.startsWith("Zone DMA32")).skip(1)
            .takeWhile(l -> !l.isEmpty()).count();
        assertEquals(63, dma32Rows); // 258048 frames / 64 per char / 64 per row
        assertTrue(text.contains("A"), "free order-10 blocks");
    }

    @Test
    void optionsZoneOrderWidthColour() {
        Kernel k = Machine.boot(MachineConfig.defaults().withRam(64L << 20));
        String text = MemoryMapText.render(k, new MapOptions("dma", 2, 32, true));
        assertTrue(text.startsWith("Zone DMA  pfn 0x0-0x1000"), text);
        assertFalse(text.contains("DMA32"));
        assertTrue(text.contains("1 char = 4 frames, 16 KiB"), text);
        assertEquals(32, text.lines().filter(l -> l.startsWith("  ")).count()); // 1024 cells / 32
        assertTrue(text.contains("\u001b[32m"), "free blocks green");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> MemoryMapText.render(k, new MapOptions("Normal", -1, 64, false)));
        assertEquals("unknown zone 'Normal': this machine has DMA, DMA32", e.getMessage());
    }
}
