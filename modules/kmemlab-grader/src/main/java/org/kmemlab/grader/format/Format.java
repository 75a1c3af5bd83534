package org.kmemlab.grader.format;

import java.util.ArrayList;
import java.util.List;

import org.kmemlab.grader.Report;

/** The report formats of {@code kmemlab grade --format}, and the file each one is written to in a directory. */
public enum Format {
    TEXT("text", "report.txt"),
    JSON("json", "report.json"),
    JUNIT("junit", "report.junit.xml"),
    TAP("tap", "report.tap"),
    GRADESCOPE("gradescope", "results.json");

    private final String id;
    private final String fileName;

    Format(String id, String fileName) {
        this.id = id;
        this.fileName = fileName;
    }

    public String id() {
        return id;
    }

    /** The file name in an output directory (Gradescope insists on results.json). */
    public String fileName() {
        return fileName;
    }

    /** The report in this format; {@code showHidden} reveals hidden items' details (Gradescope's format always has them). */
    public String render(Report r, boolean showHidden) {
        return switch (this) {
            case TEXT -> TextFormat.render(r, showHidden);
            case JSON -> JsonFormat.render(r, showHidden);
            case JUNIT -> JunitFormat.render(r, showHidden);
            case TAP -> TapFormat.render(r, showHidden);
            case GRADESCOPE -> GradescopeFormat.render(r);
        };
    }

    public static Format parse(String s) {
        for (Format f : values()) {
            if (f.id.equals(s)) {
                return f;
            }
        }
        List<String> ids = new ArrayList<>();
        for (Format f : values()) {
            ids.add(f.id);
        }
        throw new IllegalArgumentException("unknown format '" + s + "'; formats are " + String.join(", ", ids));
    }
}
