package org.kmemlab.grader;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The child-to-parent protocol: one JSON object per line in a results file, flushed as each is written, so
 * whatever was reported before the child died survives it.
 * <pre>
 * {"event":"start","item":"coalescing"}                       before an item runs
 * {"event":"result","item":"coalescing","passed":false,"message":"...","location":"tests/x.js:12","tests":[...]}
 * {"event":"fatal","message":"..."}                           the submission cannot be graded at all
 * {"event":"done"}                                            every item was reported
 * {"event":"exit"}                                            the JVM is shutting down before "done" (System.exit)
 * </pre>
 */
public final class WorkerEvents {
    static final ObjectMapper JSON = new ObjectMapper();

    private final OutputStream out;

    public WorkerEvents(OutputStream out) {
        this.out = out;
    }

    public synchronized void emit(Map<String, ?> event) {
        try {
            out.write(JSON.writeValueAsBytes(event));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            // the parent is gone or the disk is full; nothing useful to do in the child
        }
    }

    public void start(String item) {
        emit(Map.of("event", "start", "item", item));
    }

    public void result(String item, boolean passed, String message, String location, List<Map<String, Object>> tests) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", "result");
        m.put("item", item);
        m.put("passed", passed);
        m.put("message", message);
        m.put("location", location);
        m.put("tests", tests);
        emit(m);
    }

    /** The events of a results file, in order; a torn last line (the child was killed mid-write) is dropped. */
    public static List<JsonNode> read(Path file) {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    out.add(JSON.readTree(line));
                } catch (IOException e) {
                    break;
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
