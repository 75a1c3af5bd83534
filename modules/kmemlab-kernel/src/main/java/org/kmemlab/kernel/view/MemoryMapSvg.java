package org.kmemlab.kernel.view;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.kmemlab.kernel.Kernel;

/** The physical memory map as an SVG picture: coloured cells (runs of one colour merged), zone titles, a legend. */
public final class MemoryMapSvg {
    private MemoryMapSvg() {
    }

    public static String render(Kernel k, MapOptions o) {
        return render(MemoryMapModel.of(k, o), k.profile().pageSize);
    }

    public static String render(MemoryMapModel m, long pageSize) {
        MapGeometry g = new MapGeometry(m);
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append(String.format("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
            + " font-family=\"monospace\" font-size=\"11\">%n", g.width, g.height, g.width, g.height));
        sb.append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", g.width, g.height));
        for (int zi = 0; zi < m.zones().size(); zi++) {
            MemoryMapModel.ZoneMap z = m.zones().get(zi);
            sb.append("<g class=\"zone\" id=\"zone-").append(escape(z.name())).append("\">\n");
            sb.append(String.format("<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>%n", MapGeometry.MARGIN,
                g.cellY(zi, 0) - 7, escape(MapGeometry.title(z, pageSize))));
            int[] cells = z.cells();
            for (int r = 0; r < z.rows(); r++) {
                int y = g.cellY(zi, r);
                sb.append(String.format("<text x=\"%d\" y=\"%d\" font-size=\"8\" fill=\"#555555\">%x</text>%n",
                    MapGeometry.MARGIN, y + MapGeometry.CELL - 1, z.cellPfn(r * z.width())));
                int end = Math.min(cells.length, (r + 1) * z.width());
                int c = r * z.width();
                while (c < end) {
                    int rgb = MapPalette.rgb(cells[c]);
                    int run = c + 1;
                    while (run < end && MapPalette.rgb(cells[run]) == rgb) {
                        run++;
                    }
                    sb.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#%06x\"/>%n",
                        g.cellX(c - r * z.width()), y, (run - c) * MapGeometry.CELL, MapGeometry.CELL, rgb));
                    c = run;
                }
            }
            sb.append("</g>\n");
        }
        String[][] l = MapPalette.legend();
        for (int i = 0; i < l.length; i++) {
            int x = g.legendX(i);
            int y = g.legendY(i);
            sb.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#%06x\" stroke=\"#888888\"/>%n",
                x, y, MapPalette.rgb(MapPalette.legendKind(i))));
            sb.append(String.format("<text x=\"%d\" y=\"%d\">%s</text>%n", x + 14, y + 9, escape(l[i][1])));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    public static void write(Kernel k, MapOptions o, Path file) throws IOException {
        Files.writeString(file, render(k, o), StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
