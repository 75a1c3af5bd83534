package org.kmemlab.grader;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.kmemlab.grader.format.Format;

/** Writes a report in each requested format: to one file when one format is asked for, else one file per format in a directory. */
public final class ReportFiles {
    private ReportFiles() {
    }

    /** One format into {@code out} (a file), or several into {@code out} (a directory, named by {@link Format#fileName()}). */
    public static void write(Report r, List<Format> formats, Path out, boolean showHidden) throws IOException {
        if (formats.size() == 1 && !Files.isDirectory(out)) {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            Files.writeString(out, formats.get(0).render(r, showHidden), StandardCharsets.UTF_8);
            return;
        }
        writeDir(r, formats, out, showHidden);
    }

    /** Every format into a directory. */
    public static void writeDir(Report r, List<Format> formats, Path dir, boolean showHidden) throws IOException {
        Files.createDirectories(dir);
        for (Format f : formats) {
            Files.writeString(dir.resolve(f.fileName()), f.render(r, showHidden), StandardCharsets.UTF_8);
        }
    }
}
