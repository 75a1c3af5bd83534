package org.kmemlab.grader;

import java.nio.file.Files;
import java.nio.file.Path;

/** What a student handed in: a JavaScript module file, a plugin jar, or a Maven project directory. */
public record Submission(String student, Path path, Type type) {
    public enum Type { JS, JAR, PROJECT }

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
                + " scenarios belong to scenario assignments, not built yet)");
        }
        throw new IllegalArgumentException(path + ": a submission is a .js module, a plugin .jar or a Maven project directory");
    }

    /** The student id of a batch entry: its name without .js or .jar. */
    public static String studentOf(Path entry) {
        String n = entry.getFileName().toString();
        return n.endsWith(".js") ? n.substring(0, n.length() - 3) : n.endsWith(".jar") ? n.substring(0, n.length() - 4) : n;
    }
}
