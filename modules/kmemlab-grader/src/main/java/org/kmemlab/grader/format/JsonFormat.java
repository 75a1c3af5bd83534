package org.kmemlab.grader.format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.kmemlab.grader.GradedItem;
import org.kmemlab.grader.Points;
import org.kmemlab.grader.Report;

/** kmemlab's own JSON report (structure in docs/instructors.md). */
final class JsonFormat {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonFormat() {
    }

    static String render(Report r, boolean showHidden) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("assignment", r.assignment());
        m.put("student", r.student());
        m.put("submission", r.submission());
        m.put("status", r.status());
        m.put("message", r.message());
        m.put("score", Points.value(r.score()));
        m.put("max_score", Points.value(r.maxScore()));
        List<Object> items = new ArrayList<>();
        for (GradedItem i : r.items()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", i.name());
            o.put("kind", i.kind().name().toLowerCase(java.util.Locale.ROOT));
            o.put("file", i.file());
            o.put("score", Points.value(i.points()));
            o.put("max_score", Points.value(i.maxPoints()));
            o.put("status", i.passed() ? "passed" : "failed");
            o.put("visibility", i.visibility().id());
            if (!i.visibility().concealed() || showHidden) {
                o.put("message", i.message());
                o.put("location", i.location());
                List<Object> tests = new ArrayList<>();
                for (GradedItem.TestLine t : i.tests()) {
                    Map<String, Object> tl = new LinkedHashMap<>();
                    tl.put("name", t.name());
                    tl.put("status", t.status());
                    tl.put("message", t.message());
                    tl.put("location", t.location());
                    tests.add(tl);
                }
                o.put("tests", tests);
            }
            items.add(o);
        }
        m.put("items", items);
        return write(m);
    }

    static String write(Object o) {
        try {
            return JSON.writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
