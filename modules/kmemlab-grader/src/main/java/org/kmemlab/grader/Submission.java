package org.kmemlab.grader;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a student handed in: a JavaScript module file, a plugin jar, or a Maven project directory; for a scenario
 * assignment, a directory of scenario files ({@code *.js}, not recursive) or one scenario file.
 */
public record Submission(String student, Path path, Type type) {
    public enum Type { JS, JAR, PROJECT, SCENARIOS }

    /** Classifies a path for an assignment of this kind. */
    public static Submission of(String student, Path path, Manifest.Kind kind) {
        if (kind != Manifest.Kind.SCENARIOS) {
            return of(student, path);
        }
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        if (Files.isDirectory(path) || (Files.isRegularFile(path) && name.endsWith(".js"))) {
            return new Submission(student, path.toAbsolutePath().normalize(), Type.SCENARIOS);
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(path + ": no such submission");
        }
        throw new IllegalArgumentException(path + ": a scenario submission is a directory of scenario files (*.js) or one"
            + " .js scenario file");
    }

    /** Classifies a path; anything else is an {@link IllegalArgumentException} with one line. */
    public static Submission of(String student, Path path) {
        String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
        if (Files.isRegularFile(path) && name.endsWith(".js")) {
            return new Submission(student, path.toAbsolutePath().normalize(), Type.JS);
        }
        if (Files.isRegularFile(path) && name.endsWith(".jar")) {
            return new Submission(student, path.toAbsolutePath().normalize(), Type.JAR);
        }
        if (Files.isDirectory(path) && Files.isRegularFile(path.resolve("pom.xml"))) {
            return new Submission(student, path.toAbsolutePath().normalize(), Type.PROJECT);
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(path + ": no such submission");
        }
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(path + ": a directory without pom.xml is not a submission (directories of"
                + " scenarios are submissions to scenario assignments, kind \"scenarios\")");
        }
        throw new IllegalArgumentException(path + ": a submission is a .js module, a plugin .jar or a Maven project directory");
    }

    /** The student id of a batch entry: its name without .js or .jar. */
    public static String studentOf(Path entry) {
        String n = entry.getFileName().toString();
        return n.endsWith(".js") ? n.substring(0, n.length() - 3) : n.endsWith(".jar") ? n.substring(0, n.length() - 4) : n;
    }
}
