package org.kmemlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** kmemlab map, run as its own command line (Main registers it). */
class MapCommandTest {
    record Run(int code, String out, String err) {
    }

    static Run map(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new MapCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.write("kmemlab: " + ex.getMessage() + "\n");
            return Main.BAD_INPUT;
        });
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @TempDir
    Path dir;

    @Test
    void freshMachine() {
        Run r = map("--ram", "64M", "--no-color");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Zone DMA  pfn 0x0-0x1000"), r.out());
        assertTrue(r.out().contains("Zone DMA32"), r.out());
        assertTrue(r.out().contains("legend: "), r.out());
        assertFalse(r.out().contains("\u001b["));
        Run c = map("--ram", "64M", "--color", "--zone", "DMA32", "--block-order", "4", "--width", "32");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("\u001b["));
        assertTrue(c.out().contains("1 char = 16 frames, 64 KiB"), c.out());
        assertFalse(c.out().contains("Zone DMA "), c.out());
    }

    @Test
    void afterAScenarioWithPictures() throws Exception {
        Path f = dir.resolve("s.js");
        Files.writeString(f, "machine({ ram: '64M' });\n"
            + "test('one', () => { alloc_pages(GFP_KERNEL, 2); });\n"
            + "test('two', () => { for (let i = 0; i < 40; i++) kmalloc(2048, GFP_KERNEL); vmalloc(65536); });\n");
        Path svg = dir.resolve("m.svg");
        Path png = dir.resolve("m.png");
        Run r = map("--run", f.toString(), "--svg", svg.toString(), "--png", png.toString(), "--no-color",
            "--block-order", "0", "--zone", "DMA32");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("S"), "slab pages of the last test: " + r.out());
        assertTrue(r.out().contains("V"), "vmalloc pages of the last test");
        assertTrue(Files.readString(svg).startsWith("<?xml"));
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 100);
    }

    @Test
    void badInputIsOneLine() {
        for (String[] args : new String[][] {
            {"--ram", "64M", "--zone", "Normal"},
            {"--ram", "lots"},
            {"--run", dir.resolve("missing.js").toString()},
            {"--width", "3"},
            {"--block-order", "-2"},
            {"--bogus"}}) {
            Run r = map(args);
            assertEquals(2, r.code(), String.join(" ", args) + " -> " + r.err());
            assertTrue(r.err().startsWith("kmemlab: "), r.err());
            assertEquals(1, r.err().lines().count(), r.err());
        }
        assertEquals("kmemlab: unknown zone 'Normal': this machine has DMA, DMA32\n",
            map("--ram", "64M", "--zone", "Normal").err());
    }
}
