package org.kmemlab.script.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes the single HTML file: the template with its stylesheet, script and the data inlined, so the report opens
 * from disk with no network (no CDN, no fonts, no fetch of a side file).
 */
final class ReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportWriter() {
    }

    static void write(Path out, Map<String, Object> data) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String html = resource("report.html");
        int css = html.indexOf("/*CSS*/");
        int js = html.indexOf("/*JS*/");
        int dat = html.indexOf("<!--DATA-->");
        int title = html.indexOf("<!--TITLE-->");
        if (css < 0 || js < 0 || dat < 0 || title < 0 || !(title < css && css < dat && dat < js)) {
            throw new IllegalStateException("report.html template is missing a placeholder");
        }
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            w.write(html, 0, title);
            w.write(escapeHtml("kmemlab report: " + data.get("file")));
            w.write(html, title + 12, css - title - 12);
            w.write(resource("report.css"));
            w.write(html, css + 7, dat - css - 7);
            w.write(json(data));
            w.write(html, dat + 11, js - dat - 11);
            w.write(resource("report.js"));
            w.write(html, js + 6, html.length() - js - 6);
        }
    }

    /**
     * The data as JSON safe inside a script element: '<' only occurs inside JSON strings, where \u003c means the
     * same, so no "</script>" or "<!--" in a scenario's text can end the element early.
     */
    static String json(Object data) throws IOException {
        return JSON.writeValueAsString(data).replace("<", "\\u003c");
    }

    static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReportWriter.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
