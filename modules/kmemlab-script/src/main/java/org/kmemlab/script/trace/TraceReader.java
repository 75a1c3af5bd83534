package org.kmemlab.script.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a trace file into its test sections. Every problem is one line naming the file and, for a bad line, its
 * number ({@link BadTrace}). A last line cut off mid-way (the run died before it was complete) is dropped.
 */
public final class TraceReader {
    private TraceReader() {
    }

    /** A trace that cannot be read, as one line: {@code calls.jsonl:12: not JSON (...)}. */
    public static final class BadTrace extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        public BadTrace(String message) {
            super(message);
        }
    }

    /** One line of the file: its 1-based number and its object. */
    public record Line(int number, ObjectNode node) {
        public String type() {
            return node.path("type").asText("");
        }
    }

    /** One test's lines: the {@code machine} and {@code call} lines, in order, and its {@code end} line (or null). */
    public record Section(String file, String name, int line, List<Line> lines, ObjectNode end) {
        /** The number of calls. */
        public int calls() {
            return (int) lines.stream().filter(l -> l.type().equals("call")).count();
        }
    }

    /** A whole trace: the header line and the tests. */
    public record Trace(Path path, ObjectNode header, List<Section> tests, boolean truncated) {
    }

    public static Trace read(Path path) {
        String text;
        try {
            text = new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BadTrace(path + ": no such file");
        } catch (IOException e) {
            throw new BadTrace(path + ": cannot read: " + e.getMessage());
        }
        return parse(path, text);
    }

    public static Trace parse(Path path, String text) {
        String[] lines = text.split("\n", -1);
        int n = lines.length;
        if (n > 0 && lines[n - 1].isEmpty()) {
            n--;
        }
        ObjectNode header = null;
        List<Section> tests = new ArrayList<>();
        String name = null;
        String file = null;
        int start = 0;
        List<Line> current = null;
        ObjectNode end = null;
        boolean truncated = false;
        for (int i = 0; i < n; i++) {
            String raw = lines[i].strip();
            if (raw.isEmpty()) {
                continue;
            }
            int no = i + 1;
            JsonNode node;
            try {
                node = TraceFormat.JSON.readTree(raw);
            } catch (JsonProcessingException e) {
                if (i == n - 1 && !text.endsWith("\n") && header != null) {
                    truncated = true; // the run died while writing this line
                    break;
                }
                throw bad(path, no, "not JSON (" + e.getOriginalMessage() + ")");
            }
            if (!(node instanceof ObjectNode o) || !node.path("type").isTextual()) {
                throw bad(path, no, "not a trace line (a JSON object with a \"type\")");
            }
            String type = o.get("type").textValue();
            if (header == null) {
                if (!type.equals("trace")) {
                    throw new BadTrace(path + ": not a kmemlab trace (its first line is not {\"type\":\"trace\",...})");
                }
                int v = o.path("version").asInt(-1);
                if (v != TraceFormat.VERSION) {
                    throw bad(path, no, "trace format version " + o.path("version") + "; this kmemlab reads version "
                        + TraceFormat.VERSION);
                }
                header = o;
                continue;
            }
            switch (type) {
                case "test" -> {
                    if (current != null) {
                        tests.add(new Section(file, name, start, List.copyOf(current), end));
                    }
                    file = o.path("file").asText("");
                    name = o.path("name").asText("");
                    start = no;
                    current = new ArrayList<>();
                    end = null;
                }
                case "machine", "call" -> {
                    if (current == null) {
                        throw bad(path, no, "a \"" + type + "\" line before any \"test\" line");
                    }
                    check(path, no, o, type);
                    if (type.equals("call") && current.stream().noneMatch(l -> l.type().equals("machine"))) {
                        throw bad(path, no, "a \"call\" line before the test's \"machine\" line");
                    }
                    current.add(new Line(no, o));
                }
                case "end" -> {
                    if (current == null) {
                        throw bad(path, no, "an \"end\" line before any \"test\" line");
                    }
                    end = o;
                    if (o.path("name").isTextual()) {
                        name = o.get("name").asText(); // the test's final name (a file without tests: the file's)
                    }
                }
                case "trace" -> throw bad(path, no, "a second header line");
                default -> {
                    // a line kind a later version added: not needed for replay
                }
            }
        }
        if (header == null) {
            throw new BadTrace(path + ": not a kmemlab trace (it is empty)");
        }
        if (current != null) {
            tests.add(new Section(file, name, start, List.copyOf(current), end));
        }
        return new Trace(path, header, List.copyOf(tests), truncated);
    }

    private static void check(Path path, int no, ObjectNode o, String type) {
        if (type.equals("machine")) {
            try {
                TraceConfig.decode(o.get("config"));
            } catch (IllegalArgumentException e) {
                throw bad(path, no, e.getMessage());
            }
            return;
        }
        if (!o.path("fn").isTextual()) {
            throw bad(path, no, "a call without \"fn\"");
        }
        if (!o.path("args").isArray()) {
            throw bad(path, no, "a call without an \"args\" array");
        }
    }

    static BadTrace bad(Path path, int line, String what) {
        return new BadTrace(path + ":" + line + ": " + what);
    }
}
