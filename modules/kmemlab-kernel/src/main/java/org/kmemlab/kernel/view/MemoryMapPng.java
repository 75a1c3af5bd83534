package org.kmemlab.kernel.view;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.kmemlab.kernel.Kernel;

/**
 * The physical memory map as a PNG: the picture {@link MemoryMapSvg} draws, painted into a BufferedImage (works
 * in a headless JVM). Where the JVM has no fonts, the cells and legend swatches are still drawn, without text.
 */
public final class MemoryMapPng {
    private MemoryMapPng() {
    }

    public static BufferedImage render(Kernel k, MapOptions o) {
        return render(MemoryMapModel.of(k, o), k.profile().pageSize);
    }

    public static BufferedImage render(MemoryMapModel m, long pageSize) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        MapGeometry g = new MapGeometry(m);
        BufferedImage img = new BufferedImage(g.width, g.height, BufferedImage.TYPE_INT_RGB);
        int[] row = new int[g.width];
        java.util.Arrays.fill(row, 0xffffff);
        for (int y = 0; y < g.height; y++) {
            img.setRGB(0, y, g.width, 1, row, 0, g.width);
        }
        for (int zi = 0; zi < m.zones().size(); zi++) {
            MemoryMapModel.ZoneMap z = m.zones().get(zi);
            int[] cells = z.cells();
            for (int c = 0; c < cells.length; c++) {
                fill(img, g.cellX(c % z.width()), g.cellY(zi, c / z.width()), MapGeometry.CELL, MapGeometry.CELL,
                    MapPalette.rgb(cells[c]));
            }
        }
        String[][] l = MapPalette.legend();
        for (int i = 0; i < l.length; i++) {
            fill(img, g.legendX(i), g.legendY(i), 10, 10, 0x888888);
            fill(img, g.legendX(i) + 1, g.legendY(i) + 1, 8, 8, MapPalette.rgb(MapPalette.legendKind(i)));
        }
        try {
            text(img, g, pageSize);
        } catch (RuntimeException | Error e) {
            // no usable fonts in this JVM (a minimal headless install): the picture stays without labels
        }
        return img;
    }

    public static void write(Kernel k, MapOptions o, Path file) throws IOException {
        if (!ImageIO.write(render(k, o), "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
    }

    private static void fill(BufferedImage img, int x, int y, int w, int h, int rgb) {
        for (int yy = y; yy < y + h; yy++) {
            for (int xx = x; xx < x + w; xx++) {
                img.setRGB(xx, yy, rgb);
            }
        }
    }

    private static void text(BufferedImage img, MapGeometry g, long pageSize) {
        Graphics2D gr = img.createGraphics();
        try {
            gr.setColor(Color.BLACK);
            Font bold = new Font(Font.MONOSPACED, Font.BOLD, 11);
            Font small = new Font(Font.MONOSPACED, Font.PLAIN, 8);
            Font plain = new Font(Font.MONOSPACED, Font.PLAIN, 11);
            MemoryMapModel m = g.model();
            for (int zi = 0; zi < m.zones().size(); zi++) {
                MemoryMapModel.ZoneMap z = m.zones().get(zi);
                gr.setFont(bold);
                gr.drawString(MapGeometry.title(z, pageSize), MapGeometry.MARGIN, g.cellY(zi, 0) - 7);
                gr.setFont(small);
                for (int r = 0; r < z.rows(); r++) {
                    gr.drawString(Long.toHexString(z.cellPfn(r * z.width())), MapGeometry.MARGIN,
                        g.cellY(zi, r) + MapGeometry.CELL - 1);
                }
            }
            gr.setFont(plain);
            String[][] l = MapPalette.legend();
            for (int i = 0; i < l.length; i++) {
                gr.drawString(l[i][1], g.legendX(i) + 14, g.legendY(i) + 9);
            }
        } finally {
            gr.dispose();
        }
    }
}
