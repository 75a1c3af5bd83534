package org.kmemlab.kernel.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class MemoryMapImageTest {
    @TempDir
    Path dir;

    @Test
    void svgIsWellFormed() throws Exception {
        Kernel k = Machine.boot(MachineConfig.defaults().withRam(64L << 20));
        String svg = MemoryMapSvg.render(k, MapOptions.defaults());
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", d.getDocumentElement().getTagName());
        assertEquals(2, d.getElementsByTagName("g").getLength(), "one group per zone");
        assertTrue(svg.contains("Zone DMA32"), svg.substring(0, 400));
        assertTrue(svg.contains(String.format("#%06x", MapPalette.rgb(FrameKind.RESERVED))));
    }

    @Test
    void pngHasTheCellsHeadless() throws Exception {
        Kernel k = Machine.boot(MachineConfig.defaults().withRam(64L << 20));
        Path f = dir.resolve("map.png");
        MemoryMapPng.write(k, MapOptions.defaults(), f);
        BufferedImage img = ImageIO.read(f.toFile());
        MemoryMapModel m = MemoryMapModel.of(k, MapOptions.defaults());
        MapGeometry g = new MapGeometry(m);
        assertEquals(g.width, img.getWidth());
        assertEquals(g.height, img.getHeight());
        // pfn 0 (the BIOS page) is reserved: the first cell of DMA
        int rgb = img.getRGB(g.cellX(0) + 3, g.cellY(0, 0) + 3) & 0xffffff;
        assertEquals(MapPalette.rgb(FrameKind.RESERVED), rgb);
        assertEquals(FrameKind.RESERVED, FrameClassifier.kind(m.zones().get(0).cells()[0]));
    }
}
