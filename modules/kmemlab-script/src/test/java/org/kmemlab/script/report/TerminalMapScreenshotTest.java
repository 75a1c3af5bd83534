package org.kmemlab.script.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;
import org.kmemlab.kernel.view.MapOptions;
import org.kmemlab.kernel.view.MemoryMapPng;
import org.kmemlab.kernel.view.MemoryMapText;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The pictures of docs/seeing.md's terminal map, made from a real machine: the coloured text `kmemlab map` prints,
 * rendered as a terminal shows it (ANSI colours on a dark background, in Chromium), and the same map as the PNG
 * `kmemlab map --png` writes. With {@code -Dkmemlab.docsImages=DIR} both are copied there.
 */
class TerminalMapScreenshotTest {
    private static final Pattern SGR = Pattern.compile("\u001b\\[([0-9;]*)m");
    /** The xterm colours of the SGR codes MapPalette uses. */
    private static final Map<String, String> COLOURS = Map.of("2", "#777", "90", "#8a8a8a", "32", "#4ec94e",
        "36", "#3fc7d6", "31", "#ef5350", "35", "#d670d6", "33", "#e5c07b", "34", "#5c9cf5", "95", "#ff79c6");

    @TempDir
    Path tmp;

    @Test
    void terminalMapAndPng() throws Exception {
        Kernel k = Machine.boot(MachineConfig.defaults().withRam(64L << 20).withDebug(false));
        k.alloc_pages(Gfp.GFP_KERNEL, 3);
        k.alloc_pages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 2);
        for (int i = 0; i < 40; i++) {
            k.kmalloc(512, Gfp.GFP_KERNEL);
        }
        k.vmalloc(6 * 4096);
        MapOptions o = new MapOptions("DMA32", 2, 96, true);
        String text = MemoryMapText.render(k, o);
        assertTrue(text.contains("Zone DMA32") && text.contains("\u001b["), text);

        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        MemoryMapPng.write(k, new MapOptions(null, -1, 64, false), dir.resolve("map.png"));
        Path html = dir.resolve("terminal-map.html");
        Files.writeString(html, "<!doctype html><meta charset=utf-8><body style='margin:0;background:#1e1e1e'>"
            + "<pre id=t style='margin:0;padding:12px;color:#d4d4d4;font:13px/1.2 \"DejaVu Sans Mono\",monospace;"
            + "display:inline-block'>$ kmemlab map --ram 64M --run demo.js --zone DMA32 --block-order 2 --width 96\n"
            + toHtml(text) + "</pre>");

        Chromium.assumeInstalled();
        ChromeDriver driver = Chromium.start(tmp.resolve("profile"));
        try {
            driver.get(html.toAbsolutePath().toUri().toString());
            String shown = driver.findElement(By.id("t")).getText();
            assertTrue(shown.contains("Zone DMA32") && shown.contains("legend:"), shown);
            Path shot = driver.findElement(By.id("t")).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, dir.resolve("terminal-map.png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            driver.quit();
        }
        String docs = System.getProperty("kmemlab.docsImages");
        if (docs != null && !docs.isBlank()) {
            Path d = Files.createDirectories(Path.of(docs));
            for (String f : new String[] {"terminal-map.png", "map.png"}) {
                Files.copy(dir.resolve(f), d.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** ANSI SGR colours to spans, the rest escaped. */
    static String toHtml(String ansi) {
        StringBuilder sb = new StringBuilder();
        Matcher m = SGR.matcher(ansi);
        int at = 0;
        boolean open = false;
        while (m.find()) {
            sb.append(escape(ansi.substring(at, m.start())));
            if (open) {
                sb.append("</span>");
                open = false;
            }
            String colour = null;
            for (String p : m.group(1).split(";")) {
                colour = COLOURS.getOrDefault(p, colour);
            }
            if (colour != null) {
                sb.append("<span style='color:").append(colour).append("'>");
                open = true;
            }
            at = m.end();
        }
        sb.append(escape(ansi.substring(at)));
        if (open) {
            sb.append("</span>");
        }
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
